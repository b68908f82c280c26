package dev.agentfactory.queue.hydration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import dev.agentfactory.queue.config.QueueConfig;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * skills-service behind a timeout, two retries with backoff for transport failures and 5xx, and a circuit
 * breaker. A down skills-service becomes a 503 problem; an unknown agent or missing secret a 422.
 */
@ApplicationScoped
public class SkillsGateway {

    private final SkillsClient client;
    private final Duration timeout;
    private final CircuitBreaker breaker;

    public SkillsGateway(@RestClient SkillsClient client, QueueConfig config) {
        this.client = client;
        this.timeout = config.skills().timeout();
        this.breaker = new CircuitBreaker(config.skills().breakerThreshold(), config.skills().breakerOpen());
    }

    public Uni<JsonNode> runtimeProfile(String agentKey) {
        return call(() -> client.runtimeProfile(agentKey));
    }

    public Uni<String> manifestVersion() {
        return call(() -> client.manifestVersion("stable")).map(body -> body.path("version").asText(null));
    }

    private Uni<JsonNode> call(Supplier<Uni<JsonNode>> request) {
        if (!breaker.allows()) {
            return Uni.createFrom().failure(down("circuit open after repeated failures"));
        }
        return Uni.createFrom().<JsonNode>deferred(request::get)
                .ifNoItem().after(timeout).fail()
                .onFailure(SkillsGateway::transient_).retry().withBackOff(Duration.ofMillis(50)).atMost(2)
                .invoke(breaker::succeeded)
                .onFailure().transform(failure -> {
                    if (failure instanceof WebApplicationException http && http.getResponse().getStatus() < 500) {
                        breaker.succeeded(); // skills answered: it is up
                        int status = http.getResponse().getStatus();
                        return ProblemException.unprocessable(status == 404 ? "agent-unknown" : "agent-not-ready",
                                "skills-service answered " + status + " for the agent's runtime profile");
                    }
                    breaker.failed();
                    return down(failure.getClass().getSimpleName() + ": " + failure.getMessage());
                });
    }

    private static boolean transient_(Throwable failure) {
        return !(failure instanceof WebApplicationException http) || http.getResponse().getStatus() >= 500;
    }

    private ProblemException down(String why) {
        return ProblemException.unavailable("skills-unavailable", "skills-service is unavailable (" + why + ")",
                breaker.retryAfter());
    }
}
