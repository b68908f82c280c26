package dev.agentfactory.platform.http;

import dev.agentfactory.platform.problem.Problem;
import dev.agentfactory.platform.problem.ProblemException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.IOException;
import java.io.PushbackInputStream;

/**
 * A request body read into a record must be a JSON object (or absent). The build-time generated Jackson
 * deserializers read any JSON value as an object — {@code []}, {@code 5} or {@code "x"} became a record whose
 * fields are all null — so an endpoint without required fields would have acted on a body it never understood.
 */
@Provider
public class ObjectBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!context.getType().isRecord()) {
            return context.proceed();
        }
        PushbackInputStream body = new PushbackInputStream(context.getInputStream(), 1);
        int first = body.read();
        while (first == ' ' || first == '\t' || first == '\n' || first == '\r') {
            first = body.read();
        }
        if (first != '{' && first != -1) {
            throw new ProblemException(Problem.malformedJson("the request body must be a JSON object"));
        }
        if (first == '{') {
            body.unread(first);
        }
        context.setInputStream(body);
        return context.proceed();
    }
}
