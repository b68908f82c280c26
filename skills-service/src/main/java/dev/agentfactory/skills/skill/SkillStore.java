package dev.agentfactory.skills.skill;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentfactory.platform.event.Json;
import dev.agentfactory.skills.skill.BundleModels.SkillFile;
import dev.agentfactory.skills.skill.BundleModels.ValidatedBundle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of global skills, versions and releases. */
@ApplicationScoped
public class SkillStore {

    private static final TypeReference<List<SkillFile>> FILES = new TypeReference<>() {
    };

    public record SkillRow(String slug, String status, Instant createdAt, Instant updatedAt) {
    }

    public record VersionRow(String slug, String version, int seq, String moduleFormat, String bundleDigest,
                             int fileCount, int totalBytes, Instant createdAt, List<SkillFile> files) {
    }

    public record ReleaseRow(String slug, String channel, String version, Instant releasedAt) {
    }

    /** Creates the skill if needed and locks its row for the rest of the transaction. */
    public Uni<SkillRow> ensureAndLock(SqlClient tx, String slug) {
        return tx.preparedQuery("INSERT INTO skills.skills (slug, status) VALUES ($1, 'active') ON CONFLICT DO NOTHING")
                .execute(Tuple.of(slug)).chain(() -> lock(tx, slug)).map(Optional::orElseThrow);
    }

    public Uni<Optional<SkillRow>> lock(SqlClient tx, String slug) {
        return findSkill(tx, slug, " FOR UPDATE");
    }

    public Uni<Optional<SkillRow>> findSkill(SqlClient client, String slug, String suffix) {
        return client.preparedQuery("SELECT slug, status, created_at, updated_at FROM skills.skills WHERE slug = $1" + suffix)
                .execute(Tuple.of(slug)).map(rows -> rows.iterator().hasNext()
                        ? Optional.of(skill(rows.iterator().next())) : Optional.empty());
    }

    public Uni<List<SkillRow>> skills(SqlClient client) {
        return client.query("SELECT slug, status, created_at, updated_at FROM skills.skills ORDER BY slug").execute()
                .map(rows -> {
                    List<SkillRow> list = new ArrayList<>();
                    rows.forEach(row -> list.add(skill(row)));
                    return list;
                });
    }

    /** Versions newest first; files only when asked. */
    public Uni<List<VersionRow>> versions(SqlClient client, String slug, String version, boolean withFiles) {
        String sql = "SELECT slug, version, seq, module_format, bundle_digest, file_count, total_bytes, created_at, "
                + (withFiles ? "files::text" : "NULL") + " AS files FROM skills.skill_versions"
                + " WHERE ($1::text IS NULL OR slug = $1) AND ($2::text IS NULL OR version = $2) ORDER BY slug, seq DESC";
        return client.preparedQuery(sql).execute(Tuple.of(slug, version)).map(rows -> {
            List<VersionRow> list = new ArrayList<>();
            rows.forEach(row -> list.add(version(row)));
            return list;
        });
    }

    public Uni<Integer> nextSeq(SqlClient tx, String slug) {
        return tx.preparedQuery("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM skills.skill_versions WHERE slug = $1")
                .execute(Tuple.of(slug)).map(rows -> rows.iterator().next().getInteger("next"));
    }

    public Uni<Void> insertVersion(SqlClient tx, ValidatedBundle bundle, String version, int seq, Instant at) {
        Tuple row = Tuple.tuple().addString(bundle.slug()).addString(version).addInteger(seq)
                .addString(bundle.moduleFormat()).addString(bundle.bundleDigest()).addInteger(bundle.files().size())
                .addInteger(bundle.totalBytes()).addString(Json.write(bundle.files()))
                .addOffsetDateTime(at.atOffset(ZoneOffset.UTC));
        return tx.preparedQuery("INSERT INTO skills.skill_versions (slug, version, seq, module_format, bundle_digest,"
                        + " file_count, total_bytes, files, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9)")
                .execute(row).replaceWithVoid();
    }

    public Uni<List<ReleaseRow>> releases(SqlClient client, String slug) {
        return client.preparedQuery("SELECT slug, channel, version, released_at FROM skills.skill_releases"
                        + " WHERE ($1::text IS NULL OR slug = $1) ORDER BY slug, channel")
                .execute(Tuple.of(slug)).map(rows -> {
                    List<ReleaseRow> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new ReleaseRow(row.getString("slug"), row.getString("channel"),
                            row.getString("version"), row.getOffsetDateTime("released_at").toInstant())));
                    return list;
                });
    }

    public Uni<Void> release(SqlClient tx, String slug, String channel, String version, Instant at) {
        return tx.preparedQuery("INSERT INTO skills.skill_releases (slug, channel, version, released_at)"
                        + " VALUES ($1, $2, $3, $4) ON CONFLICT (slug, channel)"
                        + " DO UPDATE SET version = EXCLUDED.version, released_at = EXCLUDED.released_at")
                .execute(Tuple.of(slug, channel, version, at.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    public Uni<Void> setStatus(SqlClient tx, String slug, String status, Instant at) {
        return tx.preparedQuery("UPDATE skills.skills SET status = $2, updated_at = $3 WHERE slug = $1")
                .execute(Tuple.of(slug, status, at.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    public Uni<Boolean> delete(SqlClient tx, String slug) {
        return tx.preparedQuery("DELETE FROM skills.skills WHERE slug = $1").execute(Tuple.of(slug))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Marks every manifest stale: replicas compare this number to drop their caches. */
    public Uni<Void> bumpManifestGeneration(SqlClient tx) {
        return tx.query("UPDATE skills.manifest_generation SET generation = generation + 1 WHERE id = 1").execute()
                .replaceWithVoid();
    }

    public Uni<Long> manifestGeneration(SqlClient client) {
        return client.query("SELECT generation FROM skills.manifest_generation WHERE id = 1").execute()
                .map(rows -> rows.iterator().next().getLong("generation"));
    }

    private static SkillRow skill(Row row) {
        return new SkillRow(row.getString("slug"), row.getString("status"),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
    }

    private static VersionRow version(Row row) {
        String files = row.getString("files");
        return new VersionRow(row.getString("slug"), row.getString("version"), row.getInteger("seq"),
                row.getString("module_format"), row.getString("bundle_digest"), row.getInteger("file_count"),
                row.getInteger("total_bytes"), row.getOffsetDateTime("created_at").toInstant(),
                files == null ? null : readFiles(files));
    }

    /** Parses the stored {@code files} JSON. */
    public static List<SkillFile> readFiles(String json) {
        try {
            return Json.MAPPER.readValue(json, FILES);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored files are not readable", e);
        }
    }
}
