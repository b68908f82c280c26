package dev.agentfactory.scheduler.push;

import dev.agentfactory.platform.auth.Allowed;
import dev.agentfactory.platform.auth.Role;
import dev.agentfactory.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/** Push jobs per agent (fixed HH:mm slots), manual dispatch and the dispatch audit. */
@Path("/v1/push-jobs")
@Allowed({Role.ADMIN, Role.APP})
public class PushJobResource {

    private final Pool pool;
    private final PushJobStore store;
    private final PushDispatcher dispatcher;

    public PushJobResource(Pool pool, PushJobStore store, PushDispatcher dispatcher) {
        this.pool = pool;
        this.store = store;
        this.dispatcher = dispatcher;
    }

    @POST
    public Uni<Response> create(@Valid @NotNull PushJobRequest request) {
        PushJob job = toJob(UUID.randomUUID().toString(), request, Instant.now(), Instant.now());
        return store.upsert(pool, job).chain(() -> store.find(pool, job.jobId()))
                .map(saved -> Response.status(201).entity(saved).build());
    }

    @GET
    public Uni<List<PushJob>> list(@QueryParam("agentKey") String agentKey) {
        return store.list(pool, agentKey, false);
    }

    @GET
    @Path("/{jobId}")
    public Uni<PushJob> get(@PathParam("jobId") String jobId) {
        return store.find(pool, jobId).map(PushJobResource::existing);
    }

    @PUT
    @Path("/{jobId}")
    public Uni<PushJob> update(@PathParam("jobId") String jobId, @Valid @NotNull PushJobRequest request) {
        return pool.withTransaction(tx -> store.find(tx, jobId).map(PushJobResource::existing)
                        .chain(old -> store.upsert(tx, toJob(jobId, request, old.createdAt(), Instant.now()))))
                .chain(() -> store.find(pool, jobId));
    }

    @DELETE
    @Path("/{jobId}")
    public Uni<Response> delete(@PathParam("jobId") String jobId) {
        return store.delete(pool, jobId).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("no push job '" + jobId + "'");
            }
            return Response.noContent().build();
        });
    }

    /** Runs the dispatcher now (as of {@code at}, default now): what the hourly cron does. */
    @POST
    @Path("/dispatch")
    @Allowed(Role.ADMIN)
    public Uni<PushDispatcher.Report> dispatch(@QueryParam("at") String at) {
        Instant when;
        try {
            when = at == null ? Instant.now() : OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeException e) {
            throw ProblemException.invalid("at", "must be an RFC 3339 instant");
        }
        return dispatcher.dispatch(when, "manual");
    }

    @GET
    @Path("/dispatches")
    public Uni<List<PushJobStore.Dispatch>> dispatches(@QueryParam("agentKey") String agentKey,
                                                       @QueryParam("jobId") String jobId,
                                                       @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return store.dispatches(pool, agentKey, jobId, limit);
    }

    private static PushJob existing(PushJob job) {
        if (job == null) {
            throw ProblemException.notFound("no such push job");
        }
        return job;
    }

    static PushJob toJob(String jobId, PushJobRequest r, Instant createdAt, Instant updatedAt) {
        try {
            ZoneId.of(r.schedule().timeZone());
        } catch (DateTimeException e) {
            throw ProblemException.invalid("schedule.timeZone", "must be an IANA time zone such as Europe/Rome");
        }
        LocalTime.parse(r.schedule().time());
        PushJob.ScheduleView schedule = new PushJob.ScheduleView(r.schedule().time(), r.schedule().timeZone(),
                sorted(r.schedule().weekdays()), sorted(r.schedule().daysOfMonth()));
        String conversation = r.conversationId() != null ? r.conversationId() : "push:" + r.agentKey();
        return new PushJob(jobId, r.agentKey(), r.workspaceId() != null ? r.workspaceId() : "default", conversation,
                r.consumerUserId(), r.text(), r.data(), schedule, r.enabled() == null || r.enabled(), createdAt,
                updatedAt, null);
    }

    private static List<Integer> sorted(List<Integer> values) {
        return values == null ? List.of() : List.copyOf(new TreeSet<>(values));
    }
}
