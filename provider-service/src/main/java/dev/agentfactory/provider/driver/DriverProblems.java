package dev.agentfactory.provider.driver;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.agentfactory.platform.problem.Problem;
import dev.agentfactory.platform.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Problem responses specific to this service: a provider failure is a 502 (our side is fine, the provider is
 * not); a JSON value of the wrong type is a 400 problem (Quarkus' own mapper for it answers an empty 400).
 */
public class DriverProblems {

    @ServerExceptionMapper
    public Response driver(DriverException e) {
        return ProblemMappers.respond(Problem.of(502, "provider-failure", "Provider failure",
                e.code() + ": " + e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return ProblemMappers.respond(Problem.of(400, "malformed-json", "Malformed JSON", e.getOriginalMessage())).build();
    }
}
