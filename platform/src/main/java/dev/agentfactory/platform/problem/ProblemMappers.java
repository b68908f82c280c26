package dev.agentfactory.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.pgclient.PgException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The one place where failures become RFC 9457 problem responses, for every service. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response domain(ProblemException e) {
        Response.ResponseBuilder response = respond(e.problem());
        if (e.retryAfter() != null) {
            response.header("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.Violation> violations = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            violations.add(new Problem.Violation(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        violations.sort(Comparator.comparing(Problem.Violation::field));
        String detail = violations.size() == 1 ? "1 field is invalid" : violations.size() + " fields are invalid";
        return respond(Problem.invalid(detail, violations)).build();
    }

    /** A JSON value of the wrong type; declared apart because Quarkus maps this subtype itself otherwise. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return respond(Problem.malformedJson(e.getOriginalMessage())).build();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (status == 400 && cause instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        String detail = e.getMessage() != null ? e.getMessage() : title;
        return respond(Problem.of(status, slug(title), title, detail)).build();
    }

    /**
     * PostgreSQL refused a value (SQLSTATE class 22, data exception: a NUL character, a number or time out of
     * range): the input was bad, and the failed statement changed nothing.
     */
    @ServerExceptionMapper
    public Response refusedByDatabase(PgException e) {
        String state = e.getSqlState();
        if (state == null || !state.startsWith("22")) {
            return unexpected(e);
        }
        String detail = "22021".equals(state) || "22P05".equals(state)
                ? "text must not contain the NUL character (U+0000)"
                : "a value is out of range or malformed: " + e.getErrorMessage();
        return respond(Problem.of(400, "invalid-value", "Invalid value", detail)).build();
    }

    /** A date or time outside what can be represented (e.g. epoch seconds beyond year 1,000,000,000). */
    @ServerExceptionMapper
    public Response time(DateTimeException e) {
        return respond(Problem.of(400, "invalid-time", "Invalid date or time", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unhandled failure", e);
        return respond(Problem.of(500, "internal", "Internal error",
                "the request failed unexpectedly; it is logged")).build();
    }

    public static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    /** {@code enqueue.request.text} → {@code text}: drop the method and parameter nodes of the path. */
    private static String fieldOf(Path path) {
        List<String> nodes = new ArrayList<>();
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE -> nodes.clear();
                case PARAMETER -> nodes.add(node.getName());
                default -> nodes.add(node.getIndex() != null
                        ? node.getName() + "[" + node.getIndex() + "]" : node.getName());
            }
        }
        if (nodes.size() > 1) {
            nodes.remove(0); // the parameter name of the request body is noise to the client
        }
        return nodes.isEmpty() ? "request" : String.join(".", nodes);
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
