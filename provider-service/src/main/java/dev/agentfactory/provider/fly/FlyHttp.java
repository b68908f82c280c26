package dev.agentfactory.provider.fly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.driver.DriverException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * One Machines API call with the provider's manners: a client-side token per (action, machine/app) before
 * every request (retries included), 429 retried after Retry-After or a jittered exponential backoff, 5xx and
 * transport failures retried only for idempotent calls, a 401 answered by re-resolving the token once.
 */
@ApplicationScoped
public class FlyHttp {

    private static final Logger LOG = Logger.getLogger(FlyHttp.class);

    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private final RateLimits limits;
    private final FlyTokens tokens;
    private final ProviderConfig.Fly config;

    public FlyHttp(ProviderConfig config, FlyTokens tokens) {
        this.config = config.fly();
        this.tokens = tokens;
        this.limits = new RateLimits(this.config.ratePerSecond(), this.config.burst(), this.config.getRatePerSecond(),
                this.config.getBurst(), System::nanoTime);
    }

    /**
     * @param action     rate-limit action, e.g. {@code machine.create}
     * @param scope      the machine id, or the app for app-level actions
     * @param idempotent whether a 5xx or a lost answer may be retried blindly
     */
    public Uni<JsonNode> call(String action, String scope, boolean idempotent, Function<String, Uni<Response>> request) {
        return attempt(new Call(action, scope, idempotent, request), 0, 0, false);
    }

    private Uni<JsonNode> attempt(Call call, int rateLimited, int failures, boolean reauthorized) {
        // the token is reserved right before sending: resolving the credential first keeps a slow resolution
        // from bunching requests whose reservations came due while they waited
        return tokens.authorization()
                .call(() -> limits.acquire(call.action, call.scope))
                .chain(auth -> call.request.apply(auth))
                .onItemOrFailure().transformToUni((response, failure) -> {
                    if (failure != null) {
                        if (failure instanceof DriverException) {
                            return Uni.createFrom().failure(failure);
                        }
                        if (call.idempotent && failures < config.serverErrorRetries()) {
                            return after(backoff(failures), () -> attempt(call, rateLimited, failures + 1, reauthorized));
                        }
                        return Uni.createFrom().failure(DriverException.transientFailure("unreachable",
                                call.action + ": " + failure.getClass().getSimpleName() + ": " + failure.getMessage()));
                    }
                    return answer(call, response, rateLimited, failures, reauthorized);
                });
    }

    private Uni<JsonNode> answer(Call call, Response response, int rateLimited, int failures, boolean reauthorized) {
        int status = response.getStatus();
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        if (status < 300) {
            return Uni.createFrom().item(parse(body));
        }
        if (status == 401 && !reauthorized) {
            tokens.invalidate();
            return attempt(call, rateLimited, failures, true);
        }
        Duration retryAfter = retryAfter(response.getHeaderString("Retry-After"));
        if (status == 429 && rateLimited < config.rateLimitRetries()) {
            Duration wait = retryAfter != null ? cap(retryAfter) : backoff(rateLimited);
            LOG.debugf("%s %s: 429, retrying in %s", call.action, call.scope, wait);
            return after(wait, () -> attempt(call, rateLimited + 1, failures, reauthorized));
        }
        if (status >= 500 && call.idempotent && failures < config.serverErrorRetries()) {
            return after(backoff(failures), () -> attempt(call, rateLimited, failures + 1, reauthorized));
        }
        return Uni.createFrom().failure(FlyErrors.of(call.action, status, body, retryAfter));
    }

    private static Uni<JsonNode> after(Duration wait, java.util.function.Supplier<Uni<JsonNode>> next) {
        return Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> next.get());
    }

    /** Full-jitter exponential backoff: uniform in [base*2^n / 2, base*2^n], capped. */
    Duration backoff(int retries) {
        long base = config.backoff().toMillis() << Math.min(retries, 16);
        long capped = Math.min(base, config.maxBackoff().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /** A Retry-After is honoured up to a minute; longer ones fail the attempt's wait into the command's backoff. */
    private static Duration cap(Duration wait) {
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(header.trim()) * 1000));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        return Json.read(body, JsonNode.class);
    }

    private record Call(String action, String scope, boolean idempotent, Function<String, Uni<Response>> request) {
    }
}
