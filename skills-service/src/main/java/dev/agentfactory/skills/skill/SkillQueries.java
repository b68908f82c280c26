package dev.agentfactory.skills.skill;

import dev.agentfactory.skills.skill.BundleModels.FileSummary;
import dev.agentfactory.skills.skill.BundleModels.SkillView;
import dev.agentfactory.skills.skill.BundleModels.VersionView;
import dev.agentfactory.skills.skill.BundleModels.VersionWithFiles;
import dev.agentfactory.skills.skill.SkillStore.ReleaseRow;
import dev.agentfactory.skills.skill.SkillStore.SkillRow;
import dev.agentfactory.skills.skill.SkillStore.VersionRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Read side of global skills for operators. */
@ApplicationScoped
public class SkillQueries {

    private final Pool pool;
    private final SkillStore store;

    public SkillQueries(Pool pool, SkillStore store) {
        this.pool = pool;
        this.store = store;
    }

    public Uni<List<SkillView>> list() {
        return store.skills(pool).chain(skills -> store.versions(pool, null, null, false)
                .chain(versions -> store.releases(pool, null)
                        .map(releases -> skills.stream().map(s -> view(s, versions, releases)).toList())));
    }

    public Uni<SkillView> get(String slug) {
        return store.findSkill(pool, slug, "").chain(found -> {
            SkillRow skill = found.orElseThrow(() -> SkillService.notFound(slug));
            return store.versions(pool, slug, null, false).chain(versions -> store.releases(pool, slug)
                    .map(releases -> view(skill, versions, releases)));
        });
    }

    public Uni<VersionWithFiles> version(String slug, String version) {
        return store.versions(pool, slug, version, true).map(found -> {
            if (found.isEmpty()) {
                throw dev.agentfactory.platform.problem.ProblemException.notFound("skill " + slug + " has no version " + version);
            }
            VersionRow v = found.get(0);
            return new VersionWithFiles(v.slug(), v.version(), v.moduleFormat(), v.bundleDigest(), v.createdAt(), v.files());
        });
    }

    public static VersionView view(VersionRow v) {
        List<FileSummary> files = v.files() == null ? null : v.files().stream()
                .map(f -> new FileSummary(f.path(), f.sha256(), f.content().getBytes(StandardCharsets.UTF_8).length)).toList();
        return new VersionView(v.slug(), v.version(), v.moduleFormat(), v.bundleDigest(), v.fileCount(), v.totalBytes(),
                v.createdAt(), files);
    }

    private static SkillView view(SkillRow skill, List<VersionRow> versions, List<ReleaseRow> releases) {
        Map<String, String> channels = new TreeMap<>();
        releases.stream().filter(r -> r.slug().equals(skill.slug())).forEach(r -> channels.put(r.channel(), r.version()));
        List<VersionView> mine = versions.stream().filter(v -> v.slug().equals(skill.slug())).map(SkillQueries::view).toList();
        return new SkillView(skill.slug(), skill.status(), skill.createdAt(), skill.updatedAt(), channels, mine);
    }
}
