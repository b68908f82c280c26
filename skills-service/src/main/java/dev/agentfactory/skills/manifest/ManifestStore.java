package dev.agentfactory.skills.manifest;

import dev.agentfactory.skills.skill.SkillStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * What a channel's manifest serves: every active skill with a release on the channel. The canary channel
 * falls back to the stable release of skills that have no canary release.
 */
@ApplicationScoped
public class ManifestStore {

    private static final String RELEASED = "SELECT s.slug, r.channel, v.version, v.module_format, v.bundle_digest,"
            + " v.files::text AS files FROM skills.skills s"
            + " JOIN LATERAL (SELECT channel, version FROM skills.skill_releases sr"
            + "   WHERE sr.slug = s.slug AND sr.channel = ANY($1) ORDER BY (sr.channel = $2) DESC LIMIT 1) r ON true"
            + " JOIN skills.skill_versions v ON v.slug = s.slug AND v.version = r.version"
            + " WHERE s.status = 'active' ORDER BY s.slug";

    private final Pool pool;

    public ManifestStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<ManifestRenderer.ReleasedSkill>> released(String channel) {
        String[] channels = "canary".equals(channel) ? new String[]{"canary", "stable"} : new String[]{channel};
        return pool.preparedQuery(RELEASED).execute(Tuple.tuple().addArrayOfString(channels).addString(channel))
                .map(rows -> {
                    List<ManifestRenderer.ReleasedSkill> skills = new ArrayList<>();
                    rows.forEach(row -> skills.add(new ManifestRenderer.ReleasedSkill(row.getString("slug"),
                            row.getString("version"), row.getString("channel"), row.getString("module_format"),
                            row.getString("bundle_digest"), SkillStore.readFiles(row.getString("files")))));
                    return skills;
                });
    }
}
