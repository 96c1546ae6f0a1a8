package io.qsredis.operator.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records each decision of the operator as a core/v1 Event on the custom resource it concerns, and logs it.
 * A decision repeated within {@link #AGGREGATION_WINDOW} bumps the count of the Event it repeats instead of creating
 * another one, as the kubelet does. Messages must never carry a secret.
 */
public final class EventRecorder {
    public static final String COMPONENT = "qs-redis-operator";
    static final Duration AGGREGATION_WINDOW = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);
    private static final int MAX_REMEMBERED = 4096;

    public enum Type { Normal, Warning }

    private record Seen(String eventName, int count, Instant last) {}

    private final AtomicLong lastNanos = new AtomicLong();
    private final KubernetesClient client;
    private final Clock clock;
    private final String host;
    private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    public EventRecorder(KubernetesClient client, Clock clock, String host) {
        this.client = client;
        this.clock = clock;
        this.host = host;
    }

    public void normal(HasMetadata regarding, String reason, String message) {
        record(regarding, Type.Normal, reason, message);
    }

    public void warning(HasMetadata regarding, String reason, String message) {
        record(regarding, Type.Warning, reason, message);
    }

    public void record(HasMetadata regarding, Type type, String reason, String message) {
        String namespace = regarding.getMetadata().getNamespace();
        LOG.info("namespace={} kind={} name={} event={} type={} message=\"{}\"",
                namespace, regarding.getKind(), regarding.getMetadata().getName(), reason, type, message);
        Instant now = clock.instant();
        String dedupKey = regarding.getMetadata().getUid() + "|" + type + "|" + reason + "|" + message;
        try {
            Seen previous;
            synchronized (seen) {
                previous = seen.get(dedupKey);
            }
            if (previous != null && Duration.between(previous.last(), now).compareTo(AGGREGATION_WINDOW) < 0) {
                int count = previous.count() + 1;
                Map<String, Object> patch = Map.of("count", count, "lastTimestamp", timestamp(now));
                client.v1().events().inNamespace(namespace).withName(previous.eventName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(patch));
                remember(dedupKey, new Seen(previous.eventName(), count, now));
                return;
            }
            Event event = new EventBuilder()
                    .withNewMetadata()
                        .withName(regarding.getMetadata().getName() + "." + Long.toHexString(uniqueNanos(now)))
                        .withNamespace(namespace)
                    .endMetadata()
                    .withNewInvolvedObject()
                        .withApiVersion(regarding.getApiVersion())
                        .withKind(regarding.getKind())
                        .withName(regarding.getMetadata().getName())
                        .withNamespace(namespace)
                        .withUid(regarding.getMetadata().getUid())
                        .withResourceVersion(regarding.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType(type.name())
                    .withReason(reason)
                    .withMessage(message)
                    .withCount(1)
                    .withFirstTimestamp(timestamp(now))
                    .withLastTimestamp(timestamp(now))
                    .withEventTime(new MicroTime(microTime(now)))
                    .withAction(reason)
                    .withReportingComponent(COMPONENT)
                    .withReportingInstance(host)
                    .withNewSource().withComponent(COMPONENT).withHost(host).endSource()
                    .build();
            client.v1().events().inNamespace(namespace).resource(event).create();
            remember(dedupKey, new Seen(event.getMetadata().getName(), 1, now));
        } catch (KubernetesClientException e) {
            // An Event is a courtesy; failing to record one must not fail the decision it reports.
            LOG.warn("namespace={} kind={} name={} event={} recordFailed={}", namespace, regarding.getKind(),
                    regarding.getMetadata().getName(), reason, e.getCode());
            synchronized (seen) {
                seen.remove(dedupKey);
            }
        }
    }

    /** The kubelet names events NAME.HEX(unix nanos); a counter keeps two events of one nanosecond apart. */
    private long uniqueNanos(Instant now) {
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return lastNanos.updateAndGet(last -> Math.max(last + 1, nanos));
    }

    private void remember(String key, Seen value) {
        synchronized (seen) {
            seen.put(key, value);
        }
    }

    /**
     * A {@code MicroTime} as the API server parses it (Go's RFC3339Micro: exactly six fractional digits); with nanoseconds
     * kubectl cannot read the Event and {@code kubectl describe} shows none.
     */
    static String microTime(Instant instant) {
        return MICRO_TIME.format(instant);
    }

    private static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
