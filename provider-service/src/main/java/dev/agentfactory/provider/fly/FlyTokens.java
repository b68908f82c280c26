package dev.agentfactory.provider.fly;

import dev.agentfactory.provider.ProviderConfig;
import dev.agentfactory.provider.driver.DriverException;
import dev.agentfactory.provider.skills.SecretResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Fly API token, resolved from skills-service ({@code fly.apiToken}) and kept in memory for a while.
 * Macaroon tokens go as {@code FlyV1 <token>}, everything else as {@code Bearer <token>}.
 */
@ApplicationScoped
public class FlyTokens {

    private final SecretResolver secrets;
    private final ProviderConfig config;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    public FlyTokens(SecretResolver secrets, ProviderConfig config) {
        this.secrets = secrets;
        this.config = config;
    }

    /** The Authorization header value. */
    public Uni<String> authorization() {
        Cached current = cached.get();
        if (current != null && current.expiresAt.isAfter(Instant.now())) {
            return Uni.createFrom().item(current.header);
        }
        String ref = config.fly().tokenRef();
        return secrets.resolve(List.of(ref)).map(values -> {
            String token = values.get(ref);
            if (token == null || token.isBlank()) {
                throw DriverException.permanent("secret_missing", "secret " + ref + " is empty");
            }
            String header = header(token.trim());
            cached.set(new Cached(header, Instant.now().plus(config.fly().tokenTtl())));
            return header;
        });
    }

    /** Forget the token (after a 401: it may have been rotated). */
    public void invalidate() {
        cached.set(null);
    }

    static String header(String token) {
        if (token.startsWith("FlyV1 ") || token.startsWith("Bearer ")) {
            return token;
        }
        boolean macaroon = token.startsWith("fm1r_") || token.startsWith("fm1a_") || token.startsWith("fm2_");
        return (macaroon ? "FlyV1 " : "Bearer ") + token;
    }

    private record Cached(String header, Instant expiresAt) {
    }
}
