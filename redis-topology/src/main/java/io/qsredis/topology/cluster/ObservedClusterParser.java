package io.qsredis.topology.cluster;

import io.qsredis.topology.Endpoint;
import io.qsredis.topology.replication.ReplicationInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an observation from saved text, so that a cluster can be planned with no Redis running (a test, a
 * review of what the operator would do). The text has one section per node, headed by its address in
 * brackets, holding what the node answered:
 * <pre>
 * [10.0.0.1:6379]
 * &lt;CLUSTER NODES of 10.0.0.1:6379&gt;
 * [10.0.0.2:6379]
 * &lt;CLUSTER NODES of 10.0.0.2:6379&gt;
 * cluster_state:ok              (CLUSTER INFO; default ok)
 * db0:keys=120,expires=0        (INFO keyspace; default no key)
 * role:slave                    (INFO replication; without it the node counts as not caught up)
 * master_link_status:up
 * master_sync_in_progress:0
 * [10.0.0.3:6379]
 * error:Connection refused      (a section without CLUSTER NODES is a node that could not be reached)
 * </pre>
 * Lines of the form {@code field:value} are fields of {@code CLUSTER INFO} or {@code INFO} (only those above
 * are read, {@code cluster_enabled:0} too); lines starting with {@code #} and blank lines are skipped; every
 * other line is a {@code CLUSTER NODES} line. Keys in single slots ({@code CLUSTER COUNTKEYSINSLOT}) are not
 * saved: every slot counts as holding none outside its owner. A node's address as its peers write it is the
 * one of its {@code myself} line, so a section may be headed by a host name.
 */
public final class ObservedClusterParser {

    private static final Pattern FIELD = Pattern.compile("([A-Za-z0-9_]+):(.*)");
    private static final Pattern KEYSPACE = Pattern.compile("db[0-9]+");
    private static final Pattern KEYS = Pattern.compile("(?:^|,)keys=([0-9]+)");

    private ObservedClusterParser() {}

    /** @throws IllegalArgumentException naming the line that is not of the format */
    public static ObservedCluster parse(String text) {
        Map<Endpoint, Section> sections = new LinkedHashMap<>();
        Section section = null;
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                if (line.startsWith("[") && line.endsWith("]")) {
                    Endpoint endpoint = Endpoint.parse(line.substring(1, line.length() - 1));
                    section = new Section(endpoint);
                    if (sections.putIfAbsent(endpoint, section) != null) {
                        throw new IllegalArgumentException("a second section for " + endpoint);
                    }
                } else if (section == null) {
                    throw new IllegalArgumentException("expected a section header such as [10.0.0.1:6379] first");
                } else {
                    Matcher field = FIELD.matcher(line);
                    if (field.matches()) {
                        section.fields.put(field.group(1), field.group(2).trim());
                    } else {
                        section.view.add(ClusterNodesParser.parseLine(line));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return ObservedCluster.of(sections.values().stream().map(Section::node).toList());
    }

    /** One node's saved answers. */
    private static final class Section {
        final Endpoint endpoint;
        final List<ClusterNode> view = new ArrayList<>();
        final Map<String, String> fields = new LinkedHashMap<>();

        Section(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        ObservedNode node() {
            boolean clusterEnabled = !"0".equals(fields.get("cluster_enabled"));
            if (view.isEmpty() && clusterEnabled) {
                return ObservedNode.unreachable(endpoint, fields.getOrDefault("error", "no CLUSTER NODES saved for it"));
            }
            ImmutableObservedNode.Builder node = ObservedNode.builder()
                    .endpoint(endpoint)
                    .clusterEnabled(clusterEnabled)
                    .view(view)
                    .keys(keys())
                    .clusterState(fields.getOrDefault("cluster_state", "ok"));
            view.stream().filter(ClusterNode::isMyself).findFirst()
                    .filter(self -> !self.ip().isEmpty())
                    .ifPresent(self -> node.address(new Endpoint(self.ip(), self.port())));
            if (fields.containsKey("role")) {
                StringBuilder info = new StringBuilder();
                fields.forEach((name, value) -> info.append(name).append(':').append(value).append('\n'));
                node.replication(ReplicationInfo.parse(info.toString()));
            }
            return node.build();
        }

        private long keys() {
            long keys = 0;
            for (Map.Entry<String, String> field : fields.entrySet()) {
                if (KEYSPACE.matcher(field.getKey()).matches()) {
                    Matcher count = KEYS.matcher(field.getValue());
                    if (count.find()) {
                        keys += Long.parseLong(count.group(1));
                    }
                }
            }
            return keys;
        }
    }
}
