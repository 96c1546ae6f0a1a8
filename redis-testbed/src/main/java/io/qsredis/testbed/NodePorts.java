package io.qsredis.testbed;

import io.qsredis.model.validation.Violation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * What a real API server does with the node ports of a Service it stores (its service REST storage and
 * allocator): a NodePort or LoadBalancer Service gets a node port from 30000-32767 for each port that asks for none,
 * unique across the cluster and chosen at random; an update that leaves a port's node port out keeps the one
 * allocated to that port before (matched by port number and protocol); a requested node port is honoured, or
 * refused with the server's 422 when it is out of range or taken. A ClusterIP Service may have none. Deleting a
 * Service frees its node ports: they are read from the stored Services each time.
 */
final class NodePorts {
    static final int FIRST = 30000;
    static final int LAST = 32767;

    private NodePorts() {}

    /**
     * The Service to store, with its node ports; or the refusal.
     *
     * @param before the stored Service an update replaces; null on create
     * @param service the Service as admitted so far
     * @param taken the node ports of every other stored Service
     */
    static Admission.Verdict admit(JsonNode before, JsonNode service, Set<Integer> taken, RandomGenerator random) {
        if (!"Service".equals(service.path("kind").asString("")) || !service.path("spec").path("ports").isArray()) {
            return new Admission.Verdict.Admitted(service, List.of());
        }
        ObjectNode result = ((ObjectNode) service).deepCopy();
        String type = result.path("spec").path("type").asString("ClusterIP");
        List<Violation> violations = new ArrayList<>();
        JsonNode ports = result.path("spec").path("ports");
        if (!needsNodePorts(type)) {
            for (int i = 0; i < ports.size(); i++) {
                if (ports.get(i).path("nodePort").asInt(0) != 0) {
                    violations.add(Violation.error("spec.ports[" + i + "].nodePort", "Forbidden: may not be used when `type` is '" + type + "'"));
                }
            }
            return violations.isEmpty() ? new Admission.Verdict.Admitted(result, List.of()) : Admission.invalid(result, violations);
        }
        Set<Integer> used = new HashSet<>(taken);
        List<ObjectNode> unassigned = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode port = (ObjectNode) ports.get(i);
            int requested = port.path("nodePort").asInt(0);
            if (requested == 0) {
                requested = previous(before, port);
            }
            if (requested == 0) {
                unassigned.add(port);
            } else if (requested < FIRST || requested > LAST) {
                violations.add(Violation.error("spec.ports[" + i + "].nodePort", "Invalid value: " + requested
                        + ": provided port is not in the valid range. The range of valid ports is " + FIRST + "-" + LAST));
            } else if (!used.add(requested)) {
                violations.add(Violation.error("spec.ports[" + i + "].nodePort", "Invalid value: " + requested + ": provided port is already allocated"));
            } else {
                port.put("nodePort", requested);
            }
        }
        if (!violations.isEmpty()) {
            return Admission.invalid(result, violations);
        }
        for (ObjectNode port : unassigned) {
            int free = free(used, random);
            if (free == 0) {
                return Admission.invalid(result, List.of(Violation.error("spec.ports", "Internal error: range is full")));
            }
            used.add(free);
            port.put("nodePort", free);
        }
        return new Admission.Verdict.Admitted(result, List.of());
    }

    static boolean needsNodePorts(String type) {
        return "NodePort".equals(type) || "LoadBalancer".equals(type);
    }

    /** The node ports a stored Service holds. */
    static Set<Integer> held(JsonNode service) {
        Set<Integer> held = new HashSet<>();
        for (JsonNode port : service.path("spec").path("ports")) {
            int nodePort = port.path("nodePort").asInt(0);
            if (nodePort != 0) {
                held.add(nodePort);
            }
        }
        return held;
    }

    private static int previous(JsonNode before, JsonNode port) {
        if (before == null || !needsNodePorts(before.path("spec").path("type").asString("ClusterIP"))) {
            return 0;
        }
        for (JsonNode old : before.path("spec").path("ports")) {
            if (old.path("port").asInt() == port.path("port").asInt()
                    && old.path("protocol").asString("TCP").equals(port.path("protocol").asString("TCP"))) {
                return old.path("nodePort").asInt(0);
            }
        }
        return 0;
    }

    private static int free(Set<Integer> used, RandomGenerator random) {
        int size = LAST - FIRST + 1;
        int start = random.nextInt(size);
        for (int i = 0; i < size; i++) {
            int candidate = FIRST + (start + i) % size;
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        return 0;
    }
}
