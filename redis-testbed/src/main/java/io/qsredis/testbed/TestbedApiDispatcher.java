package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The mock API server's CRUD dispatcher with the behaviours of a real API server that the operator relies
 * on and the stock dispatcher lacks:
 * <ul>
 *   <li>a request whose path is not exactly a discovery document or a collection, object or subresource of a
 *       served resource ({@link ApiPath}, {@link ServedResources}) is refused with 404 before the store sees it
 *       (the store reads such a path as "every object");</li>
 *   <li>discovery ({@link Discovery}), so that kubectl and Helm find every served kind;</li>
 *   <li>a list is a {@code <Kind>List}, filtered by any {@code fieldSelector} ({@link FieldSelector}), and a GET
 *       answers a {@code Table} when asked ({@link TableView}), so that {@code kubectl get} and {@code describe} work;</li>
 *   <li>{@code pods/log} answers the container's output ({@link ContainerLogs});</li>
 *   <li>a watch over plain HTTP (the mock streams over WebSocket only) is a long poll on a journal of changes
 *       ({@link #watchOverPlainHttp}), so kubectl sees every change, a deletion included;</li>
 *   <li>strategic merge patch for built-in kinds ({@link StrategicMergePatch}; 415 for custom resources) and
 *       server-side apply as a merge patch of the applied configuration, creating an absent object;</li>
 *   <li>JSON merge patch follows RFC 7386 (the stock one appends to arrays and stores {@code null}s);</li>
 *   <li>a status update carrying a stale {@code resourceVersion} is rejected with 409, as any update is;</li>
 *   <li>a Secret's {@code stringData} is folded into {@code data};</li>
 *   <li>an update or patch of a StatefulSet that changes a field other than the ones Kubernetes lets change
 *       ({@link #MUTABLE_STATEFULSET_FIELDS}) is refused with 422 and the real API server's message;</li>
 *   <li>every create, update and merge patch passes {@link Admission}: DNS names, and for the four custom resources
 *       the CRD schema's pruning, defaults, validation and CEL rules, refused with the real server's Status;</li>
 *   <li>a NodePort or LoadBalancer Service gets its node ports allocated, kept on update, or refused ({@link NodePorts});</li>
 *   <li>a pod the node runs is deleted gracefully: marked and kept, Terminating, until the kubelet deletes it with
 *       a grace period of 0 ({@link #podDeletion});</li>
 *   <li>deletions are reported (with the {@code Orphan} propagation policy, if asked) so that the testbed's
 *       garbage collector can delete dependents.</li>
 * </ul>
 * Writes are serialised by one lock so that a merge patch reads and rewrites one consistent version.
 */
final class TestbedApiDispatcher extends KubernetesCrudDispatcher {

    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String CRD_KIND = "CustomResourceDefinition";
    private static final Duration PLAIN_HTTP_WATCH_PAUSE = Duration.ofSeconds(1);
    private static final int JOURNAL_SIZE = 5_000;
    private static final int HTTP_UNSUPPORTED_MEDIA_TYPE = 415;
    private static final String OPENAPI_V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /** The StatefulSet spec fields a real API server lets an update change (apps/v1 validation). */
    static final Set<String> MUTABLE_STATEFULSET_FIELDS = Set.of(
            "replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds", "revisionHistoryLimit");

    private final ObjectMapper json = Serialization.jsonMapper();
    private final ReentrantLock writes = new ReentrantLock();
    private final ThreadLocal<Boolean> orphanDependents = ThreadLocal.withInitial(() -> false);
    private final BiConsumer<String, Boolean> deletions;
    private volatile ServedResources served = ServedResources.of(List.of());
    private final Path podsRoot;
    /** The store's last {@link #JOURNAL_SIZE} changes, oldest first, for watches over plain HTTP. */
    private final Deque<JournalEntry> journal = new ArrayDeque<>();
    /** The version of the newest change {@link #journal} has forgotten. */
    private long forgottenUpTo;
    private final RandomGenerator random = new SplittableRandom();
    private static final Pattern NAMESPACE_IN_PATH = Pattern.compile("/namespaces/([^/?]+)/");
    private static final Pattern GRACE_IN_QUERY = Pattern.compile("[?&]gracePeriodSeconds=(\\d+)");
    /** Holds a pod marked for deletion in the store until the kubelet's final deletion ({@link #podDeletion}). */
    private static final String TERMINATION_FINALIZER = "testbed.qsredis.io/kubelet";
    /** A pod's {@code terminationGracePeriodSeconds} when its spec has none (the API server's default). */
    private static final long DEFAULT_GRACE_SECONDS = 30;

    /**
     * @param deletions told the JSON of every deleted object and whether its dependents are to be orphaned
     * @param podsRoot where the kubelet keeps each pod's directory, for {@code pods/log}; null when none runs
     */
    TestbedApiDispatcher(BiConsumer<String, Boolean> deletions, Path podsRoot) {
        this.deletions = deletions;
        this.podsRoot = podsRoot;
    }

    /**
     * Every request as a real API server takes it: a protobuf body (client-go's typed clients, Helm among them, send
     * built-in kinds so) is read as its JSON object, and every JSON answer says it is JSON (a client that asked for
     * protobuf reads an unlabelled answer as protobuf).
     */
    @Override
    public MockResponse dispatch(RecordedRequest request) {
        RecordedRequest readable = request;
        if (ProtobufBody.isProtobuf(request.getHeader("Content-Type")) && request.getBody().getBytes().length > 0) {
            try {
                readable = withBody(request, "application/json", ProtobufBody.toJson(request.getBody().getBytes()).toString());
            } catch (IllegalArgumentException unreadable) {
                return status(415, "UnsupportedMediaType", "the body is protobuf the testbed cannot read: " + unreadable.getMessage());
            }
        }
        MockResponse response = route(readable);
        if (response.getWebSocketListener() == null && response.header("Content-Type") == null && response.getBody() != null
                && response.getBody().getBytes().length > 0 && response.getBody().getBytes()[0] == '{') {
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    private MockResponse route(RecordedRequest request) {
        ServedResources served = this.served;
        ApiPath.Parsed parsed = ApiPath.parse(request.getPath(), served);
        if (parsed instanceof ApiPath.Refusal refusal) {
            return status(refusal.code(), "NotFound", refusal.message());
        }
        ApiPath path = ((ApiPath.Route) parsed).path();
        String document = Discovery.document(path, served);
        if (document != null) {
            if (request.method() != HttpMethod.GET) {
                return status(HttpURLConnection.HTTP_BAD_METHOD, "MethodNotAllowed", "discovery documents are read-only");
            }
            return path.shape() == ApiPath.Shape.OPENAPI_V2
                    ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setHeader("Content-Type", OPENAPI_V2_PROTOBUF)
                    : jsonResponse(HttpURLConnection.HTTP_OK, document);
        }
        ServedResource resource = served.find(path.group(), path.version(), path.plural()).orElseThrow();
        if (path.shape() == ApiPath.Shape.SUBRESOURCE && path.subresource().equals("log")) {
            return request.method() == HttpMethod.GET
                    ? podLog(path)
                    : status(HttpURLConnection.HTTP_BAD_METHOD, "MethodNotAllowed", "pods/log is read-only");
        }
        if (request.method() == HttpMethod.GET && path.isWatch() && !isWebSocketUpgrade(request)) {
            return watchOverPlainHttp(path);
        }
        if (request.method() == HttpMethod.GET && !path.isWatch() && path.shape() != ApiPath.Shape.SUBRESOURCE) {
            return read(request, path, resource);
        }
        if (request.method() != HttpMethod.DELETE) {
            return super.dispatch(request);
        }
        if (path.shape() == ApiPath.Shape.OBJECT && path.group().isEmpty() && path.plural().equals("pods")) {
            MockResponse deleted = locked(() -> podDeletion(request));
            if (deleted != null) {
                return deleted;
            }
        }
        orphanDependents.set(asksToOrphan(request));
        try {
            return super.dispatch(request);
        } finally {
            orphanDependents.remove();
        }
    }

    /**
     * A pod the node runs is deleted as a real API server deletes it: marked with {@code deletionTimestamp} and
     * {@code deletionGracePeriodSeconds} and kept, Terminating (and Ready, as the kubelet last reported it), until the
     * kubelet has stopped its processes and deletes it with a grace period of 0; the answer is the marked pod, as a real
     * server's. While marked, the pod carries {@link #TERMINATION_FINALIZER}: the store (fabric8's) deletes a marked
     * object without finalizers on its next write, where a real server keeps a pod until the kubelet lets it go. A pod
     * no node runs, a finished one, or a deletion with a grace period of 0 of an unmarked pod goes at once: null, for the
     * store's own delete.
     */
    private MockResponse podDeletion(RecordedRequest request) {
        String path = request.getPath().split("\\?")[0];
        Map.Entry<AttributeSet, String> current = findResource(getKey(path));
        if (current == null) {
            return null;
        }
        ObjectNode pod = (ObjectNode) json.readTree(current.getValue());
        ObjectNode metadata = (ObjectNode) pod.path("metadata");
        Long asked = gracePeriodSeconds(request);
        boolean now = asked != null && asked == 0;
        if (!metadata.path("deletionTimestamp").isMissingNode()) {
            if (now) {
                processEvent(path, getKey(path), current.getKey(), Serialization.unmarshal(current.getValue(), GenericKubernetesResource.class), null);
            }
            return jsonResponse(HttpURLConnection.HTTP_OK, current.getValue());
        }
        String phase = pod.path("status").path("phase").asString("");
        if (now || !TestbedNode.NAME.equals(pod.path("spec").path("nodeName").asString("")) || phase.equals("Succeeded") || phase.equals("Failed")) {
            return null;
        }
        JsonNode specGrace = pod.path("spec").path("terminationGracePeriodSeconds");
        metadata.put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        metadata.put("deletionGracePeriodSeconds", asked != null ? asked : specGrace.isNumber() ? specGrace.asLong() : DEFAULT_GRACE_SECONDS);
        metadata.withArray("finalizers").add(TERMINATION_FINALIZER);
        metadata.put("resourceVersion", String.valueOf(requestResourceVersion()));
        String marked = json.writeValueAsString(pod);
        processEvent(path, getKey(path), current.getKey(), Serialization.unmarshal(marked, GenericKubernetesResource.class), marked);
        return jsonResponse(HttpURLConnection.HTTP_OK, marked);
    }

    /** The grace period a deletion asks for, in its DeleteOptions or its query; null when it asks for none. */
    private Long gracePeriodSeconds(RecordedRequest request) {
        String body = request.getUtf8Body();
        if (body != null && !body.isBlank()) {
            JsonNode options = json.readTree(body);
            if (options.path("gracePeriodSeconds").isNumber()) {
                return options.path("gracePeriodSeconds").asLong();
            }
        }
        Matcher query = GRACE_IN_QUERY.matcher(request.getPath());
        return query.find() ? Long.parseLong(query.group(1)) : null;
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        return locked(() -> alreadyExistsAsSuch(admitted(request, normalised(request.getUtf8Body()), true,
                body -> super.handleCreate(withBody(request, request.getHeader("Content-Type"), body)))));
    }

    /**
     * A create of an existing object answers 409 with the reason {@code AlreadyExists}, as a real server does (the
     * mock says {@code Invalid}; Helm, for one, skips an existing CRD only on AlreadyExists).
     */
    private static MockResponse alreadyExistsAsSuch(MockResponse response) {
        if (response.code() != HttpURLConnection.HTTP_CONFLICT || response.getBody() == null) {
            return response;
        }
        String body = new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
        if (!body.contains("already exists") || body.contains("\"AlreadyExists\"")) {
            return response;
        }
        return response.setBody(body.replace("\"reason\":\"Invalid\"", "\"reason\":\"AlreadyExists\""));
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        return locked(() -> {
            String body = normalised(request.getUtf8Body());
            if (request.getPath().endsWith("/status")) {
                MockResponse conflict = staleStatusUpdate(request.getPath(), body);
                if (conflict != null) {
                    return conflict;
                }
            }
            Map.Entry<AttributeSet, String> current = findResource(getKey(request.getPath()));
            if (current != null) {
                MockResponse refused = immutableStatefulSetChange(json.readTree(current.getValue()), json.readTree(body));
                if (refused != null) {
                    return refused;
                }
            }
            return admitted(request, body, false,
                    admittedBody -> super.handleUpdate(withBody(request, request.getHeader("Content-Type"), admittedBody)));
        });
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        return locked(() -> {
            String contentType = request.getHeader("Content-Type");
            PatchKind kind = PatchKind.of(contentType);
            if (kind == null) {
                String body = request.getUtf8Body();
                MockResponse refused = immutableStatefulSetJsonPatch(request.getPath(), body);
                return refused != null ? refused : super.handlePatch(withBody(request, contentType, body));
            }
            ServedResource resource = servedResourceOf(request.getPath()).orElse(null);
            if (resource == null) {
                return status(HttpURLConnection.HTTP_NOT_FOUND, "NotFound", "the server does not serve " + request.getPath());
            }
            if (kind == PatchKind.STRATEGIC && resource.custom()) {
                return status(HTTP_UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType", "the body of the request was in an unknown "
                        + "format - accepted media types include: application/json-patch+json, application/merge-patch+json, "
                        + "application/apply-patch+yaml");
            }
            JsonNode patch;
            try {
                patch = (kind == PatchKind.APPLY ? Serialization.yamlMapper() : json).readTree(request.getUtf8Body());
            } catch (JacksonException e) {
                return failure(e.getMessage(), 422, null);
            }
            Map.Entry<AttributeSet, String> current = findResource(getKey(request.getPath()));
            if (current == null) {
                return kind == PatchKind.APPLY && !request.getPath().split("\\?")[0].endsWith("/status")
                        ? handleCreate(new RecordedRequest(request.getRequestLine(), HttpMethod.POST,
                                collectionOf(request.getPath()),
                                request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
                                new Buffer().writeUtf8(json.writeValueAsString(patch))))
                        : new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
            }
            JsonNode before = json.readTree(current.getValue());
            JsonNode merged = kind == PatchKind.STRATEGIC ? StrategicMergePatch.apply(before, patch) : JsonMergePatch.apply(before, patch);
            JsonNode after = json.readTree(normalised(json.writeValueAsString(merged)));
            MockResponse refused = immutableStatefulSetChange(before, after);
            if (refused != null) {
                return refused;
            }
            return admitted(request, json.writeValueAsString(after), false,
                    admittedBody -> super.handlePatch(withBody(request, JSON_PATCH,
                            json.writeValueAsString(replaceMembers(before, json.readTree(admittedBody))))));
        });
    }

    /** 422 when {@code patch} is a JSON patch that would change an immutable field of a StatefulSet; else null. */
    private MockResponse immutableStatefulSetJsonPatch(String path, String patch) {
        Map.Entry<AttributeSet, String> current = findResource(getKey(path));
        if (current == null) {
            return null;
        }
        JsonNode before = json.readTree(current.getValue());
        if (!"StatefulSet".equals(before.path("kind").asString(""))) {
            return null;
        }
        JsonNode after;
        try {
            after = JsonPatch.apply(json.readTree(patch), before);
        } catch (RuntimeException e) {
            return failure("the JSON patch does not apply: " + e.getMessage(), 422, "StatefulSet");
        }
        return immutableStatefulSetChange(before, after);
    }

    /**
     * The patch types this dispatcher applies itself (the stock one handles JSON patch): RFC 7386 merge patch, strategic
     * merge patch for built-in kinds, and server-side apply as a merge patch of the applied configuration (no field
     * managers, so no conflicts).
     */
    private enum PatchKind {
        MERGE("application/merge-patch+json"),
        STRATEGIC("application/strategic-merge-patch+json"),
        APPLY("application/apply-patch+yaml");

        private final String contentType;

        PatchKind(String contentType) {
            this.contentType = contentType;
        }

        static PatchKind of(String contentType) {
            if (contentType == null) {
                return null;
            }
            for (PatchKind kind : values()) {
                if (contentType.startsWith(kind.contentType)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /** The served resource {@code target} names; empty if its CRD went away since {@link #dispatch} routed it. */
    private Optional<ServedResource> servedResourceOf(String target) {
        ServedResources served = this.served;
        return ApiPath.parse(target, served) instanceof ApiPath.Route route
                ? served.find(route.path().group(), route.path().version(), route.path().plural())
                : Optional.empty();
    }

    /** {@code .../<plural>} of an object path {@code .../<plural>/<name>}, without the query. */
    private static String collectionOf(String target) {
        String path = target.split("\\?")[0];
        return path.substring(0, path.lastIndexOf('/'));
    }

    @Override
    public MockResponse handleDelete(String path) {
        return locked(() -> super.handleDelete(path));
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        String existing = oldAttributes == null ? null : map.get(oldAttributes);
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (existing != null || newState != null) {
            journal(path, existing, newState);
        }
        if (path.startsWith(CRD_PATH)) {
            served = ServedResources.of(storedDefinitions());
        }
        if (existing != null && newState == null) {
            deletions.accept(existing, orphanDependents.get());
        }
    }

    /**
     * A GET of a collection or an object: the store's answer, its items filtered by the {@code fieldSelector} (the
     * store matches only name and namespace), as a Table when the client asks for one; a list is a
     * {@code <Kind>List} as a real server sends it (typed clients such as kubectl's Events lister decode no other).
     */
    private MockResponse read(RecordedRequest request, ApiPath path, ServedResource resource) {
        FieldSelector selector;
        try {
            selector = FieldSelector.parse(path.query().getOrDefault("fieldSelector", ""));
        } catch (IllegalArgumentException e) {
            return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", e.getMessage());
        }
        MockResponse stored = super.handleGet(withoutQueryParameter(request.getPath(), "fieldSelector"));
        if (stored.code() != HttpURLConnection.HTTP_OK) {
            return stored;
        }
        JsonNode body = json.readTree(new String(stored.getBody().getBytes(), StandardCharsets.UTF_8));
        boolean collection = path.shape() == ApiPath.Shape.COLLECTION;
        List<JsonNode> objects = new ArrayList<>();
        if (collection) {
            body.path("items").forEach(item -> {
                if (selector.matches(item)) {
                    objects.add(item);
                }
            });
        } else {
            objects.add(body);
        }
        if (TableView.isAskedFor(request.getHeader("Accept"))) {
            String resourceVersion = body.path("metadata").path("resourceVersion").asString("");
            return jsonResponse(HttpURLConnection.HTTP_OK, json.writeValueAsString(TableView.of(resource, objects,
                    TableView.Include.of(path.query().get("includeObject")), Instant.now(), resourceVersion)));
        }
        if (collection) {
            ObjectNode list = JsonNodeFactory.instance.objectNode()
                    .put("apiVersion", resource.groupVersion())
                    .put("kind", resource.kind() + "List");
            list.set("metadata", body.path("metadata"));
            list.putArray("items").addAll(objects);
            return jsonResponse(HttpURLConnection.HTTP_OK, json.writeValueAsString(list));
        }
        return jsonResponse(HttpURLConnection.HTTP_OK, json.writeValueAsString(body));
    }

    /** {@code pods/log}: the container's output as the kubelet wrote it, its last {@code tailLines} lines if asked. */
    private MockResponse podLog(ApiPath path) {
        Map.Entry<AttributeSet, String> stored = findResource(getKey(
                "/api/v1/namespaces/" + path.namespace() + "/pods/" + path.name()));
        if (stored == null) {
            return status(HttpURLConnection.HTTP_NOT_FOUND, "NotFound", "pods \"" + path.name() + "\" not found");
        }
        JsonNode pod = json.readTree(stored.getValue());
        List<String> containers = new ArrayList<>();
        pod.path("spec").path("containers").forEach(c -> containers.add(c.path("name").asString("")));
        List<String> inits = new ArrayList<>();
        pod.path("spec").path("initContainers").forEach(c -> inits.add(c.path("name").asString("")));
        String container = path.query().getOrDefault("container", containers.size() == 1 ? containers.get(0) : "");
        if (container.isEmpty()) {
            return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", "a container name must be specified for pod "
                    + path.name() + ", choose one of: " + containers + " or one of the init containers: " + inits);
        }
        if (!containers.contains(container) && !inits.contains(container)) {
            return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                    "container " + container + " is not valid for pod " + path.name());
        }
        Path log = podsRoot == null ? null : ContainerLogs.file(ContainerLogs.podDirectory(podsRoot, path.namespace(),
                path.name(), pod.path("metadata").path("uid").asString("")), container);
        if (log == null || !Files.exists(log)) {
            return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                    "container \"" + container + "\" in pod \"" + path.name() + "\" is waiting to start: the testbed has not run it");
        }
        int tail;
        try {
            tail = Integer.parseInt(path.query().getOrDefault("tailLines", "-1"));
        } catch (NumberFormatException e) {
            return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", "tailLines is not a number: " + path.query().get("tailLines"));
        }
        try {
            return new MockResponse()
                    .setResponseCode(HttpURLConnection.HTTP_OK)
                    .setHeader("Content-Type", "text/plain")
                    .setBody(ContainerLogs.tail(Files.readString(log, StandardCharsets.UTF_8), tail));
        } catch (IOException e) {
            return status(HttpURLConnection.HTTP_INTERNAL_ERROR, "InternalError", "reading " + log + ": " + e.getMessage());
        }
    }

    /**
     * A watch over plain HTTP (kubectl's, client-go's): the mock streams watches only over WebSocket, and a response
     * here cannot stream, so a plain watch is a long poll on {@link #journal}. It answers at once with every change
     * after its {@code resourceVersion} that it selects (namespace, name, field and label selectors), or, when there is
     * none, with a bookmark after {@link #PLAIN_HTTP_WATCH_PAUSE}; either ends the watch, and client-go watches again
     * from the last version it saw, so no change is missed, a deletion included ({@code kubectl delete} waits for
     * one). A watch from no version, from one the journal no longer holds, with a set-based label selector, or with
     * nothing new for a client that takes no bookmarks gets 410 Expired, as a real server answers a watch that cannot
     * continue: client-go lists again.
     */
    private MockResponse watchOverPlainHttp(ApiPath path) {
        long since;
        FieldSelector fields;
        LabelSelector labels;
        try {
            since = Long.parseLong(path.query().getOrDefault("resourceVersion", ""));
            fields = FieldSelector.parse(path.query().getOrDefault("fieldSelector", ""));
            labels = LabelSelector.parse(path.query().getOrDefault("labelSelector", ""));
        } catch (IllegalArgumentException cannotFollow) {
            return expired();
        }
        List<JournalEntry> changes = new ArrayList<>();
        long newest;
        synchronized (journal) {
            if (since <= 0 || since < forgottenUpTo) {
                return expired();
            }
            // Appended under the write lock, so in the order of their versions.
            newest = journal.isEmpty() ? since : Math.max(since, journal.peekLast().resourceVersion());
            for (JournalEntry entry : journal) {
                if (entry.resourceVersion() > since && entry.selectedBy(path) && fields.matches(entry.object()) && labels.matches(entry.object())) {
                    changes.add(entry);
                }
            }
        }
        MockResponse response = new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setHeader("Content-Type", "application/json");
        if (changes.isEmpty()) {
            // client-go takes a watch that ends within a second and without an event for broken and lists again, which
            // would miss a deletion: a bookmark (the version the watch has seen up to) after a pause carries it on.
            if (!"true".equals(path.query().get("allowWatchBookmarks"))) {
                return expired();
            }
            ObjectNode bookmark = JsonNodeFactory.instance.objectNode().put("type", "BOOKMARK");
            ServedResource resource = served.find(path.group(), path.version(), path.plural()).orElseThrow();
            bookmark.putObject("object").put("apiVersion", resource.groupVersion()).put("kind", resource.kind())
                    .putObject("metadata").put("resourceVersion", String.valueOf(newest));
            return response.setBodyDelay(PLAIN_HTTP_WATCH_PAUSE).setBody(json.writeValueAsString(bookmark) + "\n");
        }
        StringBuilder body = new StringBuilder();
        for (JournalEntry change : changes) {
            ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", change.type());
            event.set("object", change.object());
            body.append(json.writeValueAsString(event)).append('\n');
        }
        return response.setBody(body.toString());
    }

    private MockResponse expired() {
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", "ERROR");
        event.set("object", json.readTree(Serialization.asJson(new StatusBuilder()
                .withStatus("Failure")
                .withCode(HttpURLConnection.HTTP_GONE)
                .withReason("Expired")
                .withMessage("the testbed's API server cannot continue this watch; list again")
                .build())));
        return new MockResponse()
                .setResponseCode(HttpURLConnection.HTTP_OK)
                .setHeader("Content-Type", "application/json")
                .setBodyDelay(PLAIN_HTTP_WATCH_PAUSE)
                .setBody(json.writeValueAsString(event) + "\n");
    }

    /** Records a change the store made, for {@link #watchOverPlainHttp}; a deletion gets a version of its own. */
    private void journal(String path, String existing, String newState) {
        if (!(ApiPath.parse(path, served) instanceof ApiPath.Route route) || route.path().plural() == null) {
            return;
        }
        String type = newState == null ? "DELETED" : existing == null ? "ADDED" : "MODIFIED";
        ObjectNode object = (ObjectNode) json.readTree(newState != null ? newState : existing);
        long version;
        if (newState == null) {
            version = requestResourceVersion();
            ((ObjectNode) object.path("metadata")).put("resourceVersion", String.valueOf(version));
        } else {
            try {
                version = Long.parseLong(object.path("metadata").path("resourceVersion").asString(""));
            } catch (NumberFormatException unversioned) {
                return;
            }
        }
        synchronized (journal) {
            journal.addLast(new JournalEntry(version, type, route.path().group(), route.path().plural(), object));
            while (journal.size() > JOURNAL_SIZE) {
                forgottenUpTo = journal.removeFirst().resourceVersion();
            }
        }
    }

    /** One change in {@link #journal}: the object as it was stored (as it was last, for a deletion). */
    private record JournalEntry(long resourceVersion, String type, String group, String plural, JsonNode object) {

        /** Whether a watch of {@code path} (its resource, its namespace if any, its name if any) sees this change. */
        boolean selectedBy(ApiPath path) {
            JsonNode metadata = object.path("metadata");
            return group.equals(path.group()) && plural.equals(path.plural())
                    && (path.namespace() == null || path.namespace().equals(metadata.path("namespace").asString("")))
                    && (path.name() == null || path.name().equals(metadata.path("name").asString("")));
        }
    }

    private static boolean isWebSocketUpgrade(RecordedRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    private static String withoutQueryParameter(String target, String parameter) {
        int question = target.indexOf('?');
        if (question < 0) {
            return target;
        }
        String kept = Arrays.stream(target.substring(question + 1).split("&"))
                .filter(pair -> !pair.equals(parameter) && !pair.startsWith(parameter + "="))
                .collect(Collectors.joining("&"));
        return target.substring(0, question) + (kept.isEmpty() ? "" : "?" + kept);
    }

    private List<CustomResourceDefinition> storedDefinitions() {
        synchronized (map) {
            return map.values().stream()
                    .filter(object -> CRD_KIND.equals(json.readTree(object).path("kind").asString("")))
                    .map(object -> Serialization.unmarshal(object, CustomResourceDefinition.class))
                    .toList();
        }
    }

    private MockResponse locked(java.util.function.Supplier<MockResponse> write) {
        writes.lock();
        try {
            return write.get();
        } finally {
            writes.unlock();
        }
    }

    /**
     * Runs {@code body} through {@link Admission}: a refusal is answered at once, else {@code store} gets the admitted
     * object and its response carries the warnings. A body that is not a JSON object is left to the stock handlers.
     */
    private MockResponse admitted(RecordedRequest request, String body, boolean create, Function<String, MockResponse> store) {
        JsonNode object;
        try {
            object = json.readTree(body);
        } catch (JacksonException e) {
            return store.apply(body);
        }
        if (!object.isObject()) {
            return store.apply(body);
        }
        Admission.Verdict verdict = Admission.admit(object, create, Admission.FieldValidation.of(request.getPath()));
        if (verdict instanceof Admission.Verdict.Admitted service && "Service".equals(object.path("kind").asString(""))) {
            verdict = NodePorts.admit(create ? null : stored(request.getPath()), service.object(), nodePortsHeldBesides(request.getPath(), object), random);
        }
        if (verdict instanceof Admission.Verdict.Refused refused) {
            return new MockResponse().setResponseCode(refused.code()).setBody(refused.status());
        }
        Admission.Verdict.Admitted admitted = (Admission.Verdict.Admitted) verdict;
        MockResponse response = store.apply(json.writeValueAsString(admitted.object()));
        admitted.warnings().forEach(warning -> response.addHeader("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\""));
        return response;
    }

    private JsonNode stored(String path) {
        Map.Entry<AttributeSet, String> current = findResource(getKey(path));
        return current == null ? null : json.readTree(current.getValue());
    }

    /** The node ports of every stored Service but {@code service} itself: node ports are unique across the cluster. */
    private Set<Integer> nodePortsHeldBesides(String path, JsonNode service) {
        Matcher inPath = NAMESPACE_IN_PATH.matcher(path);
        String namespace = service.path("metadata").path("namespace").asString(inPath.find() ? inPath.group(1) : "");
        String name = service.path("metadata").path("name").asString("");
        Set<Integer> held = new HashSet<>();
        synchronized (map) {
            for (String stored : map.values()) {
                JsonNode other = json.readTree(stored);
                if ("Service".equals(other.path("kind").asString(""))
                        && !(namespace.equals(other.path("metadata").path("namespace").asString(""))
                                && name.equals(other.path("metadata").path("name").asString("")))) {
                    held.addAll(NodePorts.held(other));
                }
            }
        }
        return held;
    }

    /** A JSON patch that sets every top-level member of {@code after} and removes the ones it dropped. */
    private static ArrayNode replaceMembers(JsonNode before, JsonNode after) {
        ArrayNode operations = JsonNodeFactory.instance.arrayNode();
        Set<String> names = new TreeSet<>(before.propertyNames());
        names.addAll(after.propertyNames());
        for (String name : names) {
            ObjectNode operation = operations.addObject().put("path", "/" + name);
            if (after.has(name)) {
                operation.put("op", "add").set("value", after.get(name));
            } else {
                operation.put("op", "remove");
            }
        }
        return operations;
    }

    private MockResponse staleStatusUpdate(String path, String body) {
        Map.Entry<AttributeSet, String> current = findResource(getKey(path));
        if (current == null) {
            return null;
        }
        JsonNode update = json.readTree(body);
        String basedOn = update.path("metadata").path("resourceVersion").asString("");
        String actual = json.readTree(current.getValue()).path("metadata").path("resourceVersion").asString("");
        if (basedOn.isEmpty() || basedOn.equals(actual)) {
            return null;
        }
        return failure(String.format("Operation cannot be fulfilled on %s \"%s\": the object has been modified; "
                        + "please apply your changes to the latest version and try again",
                update.path("kind").asString(""), update.path("metadata").path("name").asString("")),
                HttpURLConnection.HTTP_CONFLICT, update.path("kind").asString(""));
    }

    /** 422 when {@code after} is a StatefulSet whose spec differs from {@code before}'s in an immutable field; else null. */
    private MockResponse immutableStatefulSetChange(JsonNode before, JsonNode after) {
        if (!"StatefulSet".equals(after.path("kind").asString("")) || !before.has("spec") || !after.has("spec")) {
            return null;
        }
        if (immutableSpec(before.get("spec")).equals(immutableSpec(after.get("spec")))) {
            return null;
        }
        String name = after.path("metadata").path("name").asString("");
        return failure("StatefulSet.apps \"" + name + "\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than "
                + "'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' "
                + "are forbidden", 422, "StatefulSet");
    }

    /** The spec without its mutable fields, with the server's default pod management policy. */
    private static JsonNode immutableSpec(JsonNode spec) {
        ObjectNode copy = ((ObjectNode) spec).deepCopy();
        MUTABLE_STATEFULSET_FIELDS.forEach(copy::remove);
        if (!copy.has("podManagementPolicy") || copy.get("podManagementPolicy").isNull()) {
            copy.put("podManagementPolicy", "OrderedReady");
        }
        return copy;
    }

    /** A Secret's {@code stringData} folded into {@code data}, as the API server stores it; anything else as is. */
    private String normalised(String body) {
        JsonNode object;
        try {
            object = json.readTree(body);
        } catch (JacksonException e) {
            return body;
        }
        if (!object.isObject() || !"Secret".equals(object.path("kind").asString("")) || !object.has("stringData")) {
            return body;
        }
        ObjectNode secret = (ObjectNode) object;
        JsonNode stringData = secret.remove("stringData");
        ObjectNode data = secret.has("data") && secret.get("data").isObject()
                ? (ObjectNode) secret.get("data")
                : secret.putObject("data");
        for (Map.Entry<String, JsonNode> entry : stringData.properties()) {
            data.put(entry.getKey(), Base64.getEncoder().encodeToString(
                    entry.getValue().asString("").getBytes(StandardCharsets.UTF_8)));
        }
        return json.writeValueAsString(secret);
    }

    private static boolean asksToOrphan(RecordedRequest request) {
        if (request.getPath().contains("propagationPolicy=Orphan")) {
            return true;
        }
        String body = request.getUtf8Body();
        return body != null && (body.contains("\"Orphan\"") || body.contains("\"orphanDependents\":true"));
    }

    private static RecordedRequest withBody(RecordedRequest request, String contentType, String body) {
        return new RecordedRequest(
                request.getRequestLine(),
                request.method(),
                request.getPath(),
                request.getHeaders().newBuilder().set("Content-Type", contentType == null ? "application/json" : contentType).build(),
                new Buffer().writeUtf8(body));
    }

    /** A {@code Status} response as a real API server sends it, with its reason ({@code NotFound}...). */
    private static MockResponse status(int code, String reason, String message) {
        return jsonResponse(code, Serialization.asJson(new StatusBuilder()
                .withStatus("Failure")
                .withCode(code)
                .withReason(reason)
                .withMessage(message)
                .build()));
    }

    private static MockResponse jsonResponse(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    private static MockResponse failure(String message, int code, String kind) {
        return new MockResponse()
                .setResponseCode(code)
                .setBody(new KubernetesCrudDispatcherException(message, code, kind).toStatusBody());
    }
}
