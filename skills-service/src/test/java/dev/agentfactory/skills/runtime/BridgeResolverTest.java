package dev.agentfactory.skills.runtime;

import dev.agentfactory.skills.agent.AgentProfile;
import dev.agentfactory.skills.agent.BridgeConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class BridgeResolverTest {

    static AgentProfile agent(BridgeConfig bridge) {
        return new AgentProfile("crm", 1, true, List.of(), bridge, null, null, null, null, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void explicitRefThenPerAgentThenGlobalServiceKey() {
        AgentProfile explicit = agent(new BridgeConfig(true, null, null, null, "vault.crm-key"));
        Map<String, String> all = Map.of("vault.crm-key", "explicit", "agent-bridge.serviceKey.crm", "per-agent",
                "agent-bridge.serviceKey", "global");
        assertEquals("explicit", BridgeResolver.resolve(explicit, all).serviceKey());
        assertEquals("vault.crm-key", BridgeResolver.resolve(explicit, all).serviceKeySecretRef());

        AgentProfile plain = agent(new BridgeConfig(true, null, null, null, null));
        assertEquals("per-agent", BridgeResolver.resolve(plain, all).serviceKey());
        assertEquals("agent-bridge.serviceKey.crm", BridgeResolver.resolve(plain, all).serviceKeySecretRef());
        assertEquals("global", BridgeResolver.resolve(plain, Map.of("agent-bridge.serviceKey", "global")).serviceKey());
        assertEquals("per-agent", BridgeResolver.resolve(explicit,
                Map.of("agent-bridge.serviceKey.crm", "per-agent", "agent-bridge.serviceKey", "global")).serviceKey());
    }

    @Test
    void profileValuesComeFirstThenPerAgentThenGlobalSecrets() {
        Map<String, String> secrets = Map.of(
                "agent-bridge.baseUrl.crm", "https://per-agent.example", "agent-bridge.baseUrl", "https://global.example",
                "agent-bridge.serviceId", "global-service", "agent-bridge.appKey.crm", "crm-app",
                "agent-bridge.baseUrlMapJson", "{\"a\":\"https://a.example\"}");
        BridgeResolver.Bridge fromSecrets = BridgeResolver.resolve(agent(new BridgeConfig(true, null, null, null, null)), secrets);
        assertEquals("https://per-agent.example", fromSecrets.baseUrl());
        assertEquals("global-service", fromSecrets.serviceId());
        assertEquals("crm-app", fromSecrets.appKey());
        assertEquals("{\"a\":\"https://a.example\"}", fromSecrets.baseUrlMapJson());

        BridgeResolver.Bridge fromProfile = BridgeResolver.resolve(
                agent(new BridgeConfig(true, "https://profile.example", "svc", "app", null)), secrets);
        assertEquals("https://profile.example", fromProfile.baseUrl());
        assertEquals("svc", fromProfile.serviceId());
        assertEquals("app", fromProfile.appKey());
    }

    @Test
    void aDisabledBridgeResolvesNothing() {
        BridgeResolver.Bridge bridge = BridgeResolver.resolve(agent(BridgeConfig.DISABLED), Map.of("agent-bridge.serviceKey", "k"));
        assertFalse(bridge.enabled());
        assertNull(bridge.serviceKey());
        assertNull(bridge.baseUrl());
    }
}
