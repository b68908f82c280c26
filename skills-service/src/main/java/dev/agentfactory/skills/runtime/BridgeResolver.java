package dev.agentfactory.skills.runtime;

import dev.agentfactory.skills.agent.AgentProfile;
import dev.agentfactory.skills.agent.BridgeConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the agent-bridge runtime config the way the predecessor's hydration did:
 * <ul>
 *   <li>serviceKey: the profile's {@code serviceKeySecretRef}, then {@code agent-bridge.serviceKey.<agentKey>},
 *   then the global {@code agent-bridge.serviceKey};</li>
 *   <li>baseUrl, serviceId, appKey: the profile's value, then {@code agent-bridge.<field>.<agentKey>}, then
 *   {@code agent-bridge.<field>};</li>
 *   <li>baseUrlMapJson: {@code agent-bridge.baseUrlMapJson.<agentKey>}, then {@code agent-bridge.baseUrlMapJson}.</li>
 * </ul>
 * Pure logic: the caller resolves {@link #candidateRefs} in one round trip and passes the values in.
 */
public final class BridgeResolver {

    public static final String PREFIX = "agent-bridge.";

    private BridgeResolver() {
    }

    public record Bridge(boolean enabled, String baseUrl, String serviceId, String appKey, String serviceKey,
                         String serviceKeySecretRef, String baseUrlMapJson) {
        @Override
        public String toString() {
            return "Bridge[enabled=" + enabled + ", baseUrl=" + baseUrl + ", serviceKeySecretRef=" + serviceKeySecretRef + "]";
        }
    }

    /** Every ref that may be consulted for this agent's bridge. */
    public static Set<String> candidateRefs(AgentProfile profile) {
        Set<String> refs = new LinkedHashSet<>(serviceKeyRefs(profile));
        for (String field : List.of("baseUrl", "serviceId", "appKey", "baseUrlMapJson")) {
            refs.addAll(fieldRefs(field, profile.agentKey()));
        }
        return refs;
    }

    /** The service key refs in the order they are tried. */
    public static List<String> serviceKeyRefs(AgentProfile profile) {
        List<String> refs = new ArrayList<>();
        String explicit = profile.bridgeConfig().serviceKeySecretRef();
        if (explicit != null) {
            refs.add(explicit);
        }
        refs.addAll(fieldRefs("serviceKey", profile.agentKey()));
        return refs;
    }

    public static Bridge resolve(AgentProfile profile, Map<String, String> secrets) {
        BridgeConfig config = profile.bridgeConfig();
        if (!Boolean.TRUE.equals(config.enabled())) {
            return new Bridge(false, null, null, null, null, null, null);
        }
        String keyRef = firstPresent(serviceKeyRefs(profile), secrets);
        String agentKey = profile.agentKey();
        return new Bridge(true,
                valueOr(config.baseUrl(), "baseUrl", agentKey, secrets),
                valueOr(config.serviceId(), "serviceId", agentKey, secrets),
                valueOr(config.appKey(), "appKey", agentKey, secrets),
                keyRef == null ? null : secrets.get(keyRef),
                keyRef,
                valueOr(null, "baseUrlMapJson", agentKey, secrets));
    }

    private static String valueOr(String explicit, String field, String agentKey, Map<String, String> secrets) {
        if (explicit != null) {
            return explicit;
        }
        String ref = firstPresent(fieldRefs(field, agentKey), secrets);
        return ref == null ? null : secrets.get(ref);
    }

    private static List<String> fieldRefs(String field, String agentKey) {
        return List.of(PREFIX + field + "." + agentKey, PREFIX + field);
    }

    private static String firstPresent(List<String> refs, Map<String, String> secrets) {
        return refs.stream().filter(secrets::containsKey).findFirst().orElse(null);
    }
}
