package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.HttpResponse;
import dev.agentfactory.fakes.http.Json;

/** A Machines API failure: {@code {"error": "...", "status"?: "<code>"}} with an HTTP status. */
final class FlyException extends RuntimeException {

    private final int httpStatus;
    private final String code;

    FlyException(int httpStatus, String message, String code) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    static FlyException badRequest(String message) {
        return new FlyException(400, message, null);
    }

    static FlyException notFound(String message) {
        return new FlyException(404, message, null);
    }

    /** 412: the resource is in a state that does not allow the call. */
    static FlyException precondition(String message) {
        return new FlyException(412, "failed_precondition: " + message, null);
    }

    static FlyException unprocessable(String message) {
        return new FlyException(422, message, null);
    }

    int httpStatus() {
        return httpStatus;
    }

    HttpResponse toResponse() {
        ObjectNode body = Json.object().put("error", getMessage());
        if (code != null) {
            body.put("status", code);
        }
        return HttpResponse.json(httpStatus, body);
    }
}
