package dev.agentfactory.skills.skill;

import dev.agentfactory.platform.event.EventEnvelope;
import dev.agentfactory.platform.event.EventFactory;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Events on af.skills.releases.v1 (key slug). */
@ApplicationScoped
public class SkillEvents {

    private final EventFactory events;

    public SkillEvents(EventFactory events) {
        this.events = events;
    }

    public record VersionReleased(String slug, String version, String channel, String bundleDigest, Instant releasedAt) {
    }

    public record StatusChanged(String slug, String status, Instant changedAt) {
    }

    public record Deleted(String slug, Instant deletedAt) {
    }

    public EventEnvelope released(String slug, String version, String channel, String digest, Instant at) {
        return events.create("skills.version.released", slug, new VersionReleased(slug, version, channel, digest, at), at);
    }

    public EventEnvelope statusChanged(String slug, String status, Instant at) {
        return events.create("skills.status.changed", slug, new StatusChanged(slug, status, at), at);
    }

    public EventEnvelope deleted(String slug, Instant at) {
        return events.create("skills.deleted", slug, new Deleted(slug, at), at);
    }
}
