package dev.agentfactory.skills.runtime;

import dev.agentfactory.platform.problem.Problem;
import dev.agentfactory.platform.problem.ProblemException;
import dev.agentfactory.skills.agent.AgentProfile;
import dev.agentfactory.skills.agent.AgentService;
import dev.agentfactory.skills.secret.SecretRefs;
import dev.agentfactory.skills.secret.SecretService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hydration: profile + resolved secrets + bridge runtime config + Telegram bot token, resolved in one query.
 * Mandatory: every ref of {@code secretsRef}; a bridge service key when the bridge is enabled; the bot token
 * ({@code telegram.botToken.<agentKey>}) once a bot is registered. A missing one is a 422 naming it.
 */
@ApplicationScoped
public class RuntimeProfileService {

    private final AgentService agents;
    private final SecretService secrets;

    public RuntimeProfileService(AgentService agents, SecretService secrets) {
        this.agents = agents;
        this.secrets = secrets;
    }

    public Uni<RuntimeProfile> runtimeProfile(String agentKey) {
        return agents.get(agentKey).chain(profile -> {
            Set<String> refs = new LinkedHashSet<>(profile.secretsRef());
            refs.addAll(BridgeResolver.candidateRefs(profile));
            String tokenRef = SecretRefs.telegramBotToken(agentKey);
            refs.add(tokenRef);
            return secrets.resolve(List.copyOf(refs)).map(resolution -> assemble(profile, tokenRef, resolution.values()));
        });
    }

    private static RuntimeProfile assemble(AgentProfile profile, String tokenRef, Map<String, String> values) {
        List<Problem.Violation> missing = new ArrayList<>();
        Map<String, String> agentSecrets = new LinkedHashMap<>();
        for (String ref : profile.secretsRef()) {
            if (values.containsKey(ref)) {
                agentSecrets.put(ref, values.get(ref));
            } else {
                missing.add(new Problem.Violation(ref, "listed in secretsRef but has no active value"));
            }
        }
        BridgeResolver.Bridge bridge = BridgeResolver.resolve(profile, values);
        if (bridge.enabled() && bridge.serviceKey() == null) {
            List<String> tried = BridgeResolver.serviceKeyRefs(profile);
            missing.add(new Problem.Violation(tried.get(0),
                    "the bridge is enabled but no service key is stored (tried " + String.join(", ", tried) + ")"));
        }
        String botToken = values.get(tokenRef);
        if (profile.botIdentity() != null && botToken == null) {
            missing.add(new Problem.Violation(tokenRef, "the agent has a Telegram bot but its token is not stored"));
        }
        if (!missing.isEmpty()) {
            String names = String.join(", ", missing.stream().map(Problem.Violation::field).toList());
            throw new ProblemException(new Problem("https://agentfactory.dev/problems/missing-secret",
                    "Missing secret", 422, "agent '" + profile.agentKey() + "' needs secrets that are missing: " + names,
                    missing));
        }
        return new RuntimeProfile(profile.agentKey(), profile.revision(), profile.enabled(), profile.botIdentity(),
                agentSecrets, bridge, new RuntimeProfile.Telegram(botToken));
    }
}
