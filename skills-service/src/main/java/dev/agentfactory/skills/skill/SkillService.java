package dev.agentfactory.skills.skill;

import dev.agentfactory.platform.event.Topics;
import dev.agentfactory.platform.outbox.Outbox;
import dev.agentfactory.platform.problem.ProblemException;
import dev.agentfactory.skills.manifest.ManifestCache;
import dev.agentfactory.skills.skill.BundleModels.BundleRequest;
import dev.agentfactory.skills.skill.BundleModels.ReleaseView;
import dev.agentfactory.skills.skill.BundleModels.ValidatedBundle;
import dev.agentfactory.skills.skill.SkillStore.VersionRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * Global skills: immutable versions, releases per channel, status, delete. Every change a manifest can see
 * commits with its event and a manifest generation bump, and drops this replica's manifest cache after commit.
 */
@ApplicationScoped
public class SkillService {

    private static final Logger LOG = Logger.getLogger(SkillService.class);
    public static final Set<String> CHANNELS = Set.of("stable", "canary");
    private static final Set<String> STATUSES = Set.of("active", "disabled");

    private final Pool pool;
    private final SkillStore store;
    private final Outbox outbox;
    private final SkillEvents events;
    private final ManifestCache manifests;
    private final BundleValidator.Limits limits;

    public SkillService(Pool pool, SkillStore store, Outbox outbox, SkillEvents events, ManifestCache manifests,
                        SkillsConfig config) {
        this.pool = pool;
        this.store = store;
        this.outbox = outbox;
        this.events = events;
        this.manifests = manifests;
        this.limits = new BundleValidator.Limits(config.maxFiles(), config.maxFileBytes(), config.maxBundleBytes());
    }

    public record Created(VersionRow version, boolean created) {
    }

    /** A new version, or the existing one when the same bundle is posted again (safe to retry). */
    public Uni<Created> create(BundleRequest request) {
        ValidatedBundle bundle = BundleValidator.validate(request, limits);
        return pool.withTransaction(tx -> store.ensureAndLock(tx, bundle.slug())
                .chain(() -> store.versions(tx, bundle.slug(), null, false))
                .chain(existing -> {
                    if (bundle.version() != null) {
                        var same = existing.stream().filter(v -> v.version().equals(bundle.version())).findFirst();
                        if (same.isPresent()) {
                            return Uni.createFrom().item(repeat(same.get(), bundle));
                        }
                    } else if (!existing.isEmpty() && existing.get(0).bundleDigest().equals(bundle.bundleDigest())
                            && existing.get(0).moduleFormat().equals(bundle.moduleFormat())) {
                        return Uni.createFrom().item(new Created(existing.get(0), false));
                    }
                    int seq = existing.isEmpty() ? 1 : existing.get(0).seq() + 1;
                    String version = bundle.version() != null ? bundle.version() : Integer.toString(seq);
                    Instant now = now();
                    return store.insertVersion(tx, bundle, version, seq, now)
                            .invoke(() -> LOG.infof("skill %s version %s created (%s)", bundle.slug(), version,
                                    bundle.bundleDigest()))
                            .replaceWith(new Created(new VersionRow(bundle.slug(), version, seq, bundle.moduleFormat(),
                                    bundle.bundleDigest(), bundle.files().size(), bundle.totalBytes(), now,
                                    bundle.files()), true));
                }));
    }

    private static Created repeat(VersionRow existing, ValidatedBundle bundle) {
        if (!existing.bundleDigest().equals(bundle.bundleDigest()) || !existing.moduleFormat().equals(bundle.moduleFormat())) {
            throw ProblemException.conflict("version-exists", "skill " + bundle.slug() + " version " + bundle.version()
                    + " already exists with other content; versions are immutable, publish a new version");
        }
        return new Created(existing, false);
    }

    public Uni<ReleaseView> release(String slug, String version, String channel) {
        if (version == null || version.isBlank()) {
            throw ProblemException.invalid("version", "must name an existing version");
        }
        checkChannel(channel);
        return pool.withTransaction(tx -> lockExisting(tx, slug)
                .chain(() -> store.versions(tx, slug, version, false))
                .chain(found -> {
                    if (found.isEmpty()) {
                        throw ProblemException.notFound("skill " + slug + " has no version " + version);
                    }
                    VersionRow row = found.get(0);
                    return store.releases(tx, slug).chain(releases -> {
                        var current = releases.stream().filter(r -> r.channel().equals(channel)).findFirst();
                        if (current.isPresent() && current.get().version().equals(version)) {
                            return Uni.createFrom().item(new ReleaseView(slug, channel, version, row.bundleDigest(),
                                    current.get().releasedAt()));
                        }
                        Instant now = now();
                        return store.release(tx, slug, channel, version, now)
                                .chain(() -> changed(tx, events.released(slug, version, channel, row.bundleDigest(), now)))
                                .invoke(() -> LOG.infof("skill %s version %s released on %s", slug, version, channel))
                                .replaceWith(new ReleaseView(slug, channel, version, row.bundleDigest(), now));
                    });
                })).invoke(manifests::invalidate);
    }

    public Uni<String> setStatus(String slug, String status) {
        if (status == null || !STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "must be active or disabled");
        }
        return pool.withTransaction(tx -> lockExisting(tx, slug).chain(skill -> {
            if (skill.status().equals(status)) {
                return Uni.createFrom().item(status);
            }
            Instant now = now();
            return store.setStatus(tx, slug, status, now)
                    .chain(() -> changed(tx, events.statusChanged(slug, status, now)))
                    .invoke(() -> LOG.infof("skill %s is now %s", slug, status))
                    .replaceWith(status);
        })).invoke(manifests::invalidate);
    }

    public Uni<Void> delete(String slug) {
        return pool.withTransaction(tx -> store.delete(tx, slug).chain(deleted -> {
            if (!deleted) {
                throw notFound(slug);
            }
            LOG.infof("skill %s deleted", slug);
            return changed(tx, events.deleted(slug, now()));
        })).invoke(manifests::invalidate);
    }

    private Uni<Void> changed(SqlClient tx, dev.agentfactory.platform.event.EventEnvelope event) {
        return outbox.append(tx, Topics.SKILLS_RELEASES, event).chain(() -> store.bumpManifestGeneration(tx));
    }

    private Uni<SkillStore.SkillRow> lockExisting(SqlClient tx, String slug) {
        return store.lock(tx, slug).map(found -> found.orElseThrow(() -> notFound(slug)));
    }

    public static void checkChannel(String channel) {
        if (channel == null || !CHANNELS.contains(channel)) {
            throw ProblemException.invalid("channel", "must be stable or canary");
        }
    }

    static ProblemException notFound(String slug) {
        return ProblemException.notFound("no skill '" + slug + "'");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
