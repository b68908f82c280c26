package dev.agentfactory.skills.crypto;

import dev.agentfactory.platform.problem.Problem;
import dev.agentfactory.platform.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A stored secret that fails to open is a server-side integrity problem: said plainly, without any value. */
public class SecretProblems {

    private static final Logger LOG = Logger.getLogger(SecretProblems.class);

    @ServerExceptionMapper
    public Response unreadable(SecretCipher.SecretUnreadableException e) {
        LOG.error(e.getMessage());
        return ProblemMappers.respond(Problem.of(500, "secret-unreadable", "Secret unreadable", e.getMessage())).build();
    }
}
