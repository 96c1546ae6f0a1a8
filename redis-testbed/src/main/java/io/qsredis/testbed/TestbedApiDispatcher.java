package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The mock API server's CRUD dispatcher with the behaviours of a real API server that the operator relies
 * on and the stock dispatcher lacks:
 * <ul>
 *   <li>JSON merge patch follows RFC 7386 (the stock one appends to arrays and stores {@code null}s);</li>
 *   <li>a status update carrying a stale {@code resourceVersion} is rejected with 409, as any update is;</li>
 *   <li>a Secret's {@code stringData} is folded into {@code data};</li>
 *   <li>an update or merge patch of a StatefulSet that changes a field other than the ones Kubernetes lets change
 *       ({@link #MUTABLE_STATEFULSET_FIELDS}) is refused with 422 and the real API server's message;</li>
 *   <li>every create, update and merge patch passes {@link Admission}: DNS names, and for the four custom resources
 *       the CRD schema's pruning, defaults, validation and CEL rules, refused with the real server's Status;</li>
 *   <li>deletions are reported (with the {@code Orphan} propagation policy, if asked) so that the testbed's
 *       garbage collector can delete dependents.</li>
 * </ul>
 * Writes are serialised by one lock so that a merge patch reads and rewrites one consistent version.
 */
final class TestbedApiDispatcher extends KubernetesCrudDispatcher {

    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String JSON_PATCH = "application/json-patch+json";

    /** The StatefulSet spec fields a real API server lets an update change (apps/v1 validation). */
    static final Set<String> MUTABLE_STATEFULSET_FIELDS = Set.of(
            "replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds", "revisionHistoryLimit");

    private final ObjectMapper json = Serialization.jsonMapper();
    private final ReentrantLock writes = new ReentrantLock();
    private final ThreadLocal<Boolean> orphanDependents = ThreadLocal.withInitial(() -> false);
    private final BiConsumer<String, Boolean> deletions;

    /** @param deletions told the JSON of every deleted object and whether its dependents are to be orphaned */
    TestbedApiDispatcher(BiConsumer<String, Boolean> deletions) {
        this.deletions = deletions;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (request.method() != HttpMethod.DELETE) {
            return super.dispatch(request);
        }
        orphanDependents.set(asksToOrphan(request));
        try {
            return super.dispatch(request);
        } finally {
            orphanDependents.remove();
        }
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        return locked(() -> admitted(request, normalised(request.getUtf8Body()), true,
                body -> super.handleCreate(withBody(request, request.getHeader("Content-Type"), body))));
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
            if (contentType == null || !contentType.startsWith(MERGE_PATCH)) {
                return super.handlePatch(request);
            }
            Map.Entry<AttributeSet, String> current = findResource(getKey(request.getPath()));
            if (current == null) {
                return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
            }
            JsonNode before = json.readTree(current.getValue());
            JsonNode patch;
            try {
                patch = json.readTree(request.getUtf8Body());
            } catch (JacksonException e) {
                return failure(e.getMessage(), 422, null);
            }
            JsonNode after = json.readTree(normalised(json.writeValueAsString(JsonMergePatch.apply(before, patch))));
            MockResponse refused = immutableStatefulSetChange(before, after);
            if (refused != null) {
                return refused;
            }
            return admitted(request, json.writeValueAsString(after), false,
                    admittedBody -> super.handlePatch(withBody(request, JSON_PATCH,
                            json.writeValueAsString(replaceMembers(before, json.readTree(admittedBody))))));
        });
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
        if (existing != null && newState == null) {
            deletions.accept(existing, orphanDependents.get());
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
        if (verdict instanceof Admission.Verdict.Refused refused) {
            return new MockResponse().setResponseCode(refused.code()).setBody(refused.status());
        }
        Admission.Verdict.Admitted admitted = (Admission.Verdict.Admitted) verdict;
        MockResponse response = store.apply(json.writeValueAsString(admitted.object()));
        admitted.warnings().forEach(warning -> response.addHeader("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\""));
        return response;
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

    private static MockResponse failure(String message, int code, String kind) {
        return new MockResponse()
                .setResponseCode(code)
                .setBody(new KubernetesCrudDispatcherException(message, code, kind).toStatusBody());
    }
}
