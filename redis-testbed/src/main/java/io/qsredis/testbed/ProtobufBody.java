package io.qsredis.testbed;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A request body in Kubernetes' protobuf encoding ({@code application/vnd.kubernetes.protobuf}) read as the JSON
 * object it stands for, for the kinds clients send that way to the testbed: Secrets and ConfigMaps, which Helm's
 * release storage writes with client-go's typed clientset (the resources of a chart go as JSON), and the
 * DeleteOptions of its deletions. The envelope is
 * the magic {@code k8s\0} and a {@code runtime.Unknown} (type meta, raw bytes); the raw bytes are the
 * {@code k8s.io.api.core.v1} message. Fields the API server sets itself (uid, creationTimestamp, managedFields,
 * ownerReferences) are left out; any other kind is refused, naming it.
 */
public final class ProtobufBody {
    /** The content type of such a body. */
    public static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProtobufBody() {}

    /** Whether {@code contentType} names the protobuf encoding. */
    public static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.startsWith(CONTENT_TYPE);
    }

    /**
     * The object {@code body} encodes.
     *
     * @throws IllegalArgumentException when it is not an enveloped protobuf object or not of a kind read here
     */
    public static ObjectNode toJson(byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("not a Kubernetes protobuf body: it does not start with k8s\\0");
        }
        Reader unknown = new Reader(Arrays.copyOfRange(body, MAGIC.length, body.length));
        String apiVersion = "";
        String kind = "";
        byte[] raw = new byte[0];
        while (unknown.more()) {
            int field = unknown.tag();
            if (field == 1) {
                Reader typeMeta = unknown.message();
                while (typeMeta.more()) {
                    int typeField = typeMeta.tag();
                    if (typeField == 1) {
                        apiVersion = typeMeta.string();
                    } else if (typeField == 2) {
                        kind = typeMeta.string();
                    } else {
                        typeMeta.skip();
                    }
                }
            } else if (field == 2) {
                raw = unknown.bytes();
            } else {
                unknown.skip();
            }
        }
        ObjectNode object = NODES.objectNode().put("apiVersion", apiVersion).put("kind", kind);
        switch (apiVersion + "/" + kind) {
            case "v1/Secret" -> secret(new Reader(raw), object);
            case "v1/ConfigMap" -> configMap(new Reader(raw), object);
            case "v1/DeleteOptions", "meta.k8s.io/v1/DeleteOptions" -> deleteOptions(new Reader(raw), object);
            default -> throw new IllegalArgumentException("a protobuf body of " + apiVersion + " " + kind
                    + " is not read by the testbed's API server (Secrets, ConfigMaps and DeleteOptions are): send it as JSON");
        }
        return object;
    }

    private static void secret(Reader secret, ObjectNode object) {
        while (secret.more()) {
            switch (secret.tag()) {
                case 1 -> object.set("metadata", metadata(secret.message()));
                case 2 -> {
                    String[] entry = entry(secret.message(), true);
                    object.withObjectProperty("data").put(entry[0], entry[1]);
                }
                case 3 -> object.put("type", secret.string());
                case 4 -> {
                    String[] entry = entry(secret.message(), false);
                    object.withObjectProperty("stringData").put(entry[0], entry[1]);
                }
                case 5 -> object.put("immutable", secret.varint() != 0);
                default -> secret.skip();
            }
        }
    }

    private static void configMap(Reader configMap, ObjectNode object) {
        while (configMap.more()) {
            switch (configMap.tag()) {
                case 1 -> object.set("metadata", metadata(configMap.message()));
                case 2 -> {
                    String[] entry = entry(configMap.message(), false);
                    object.withObjectProperty("data").put(entry[0], entry[1]);
                }
                case 3 -> {
                    String[] entry = entry(configMap.message(), true);
                    object.withObjectProperty("binaryData").put(entry[0], entry[1]);
                }
                case 4 -> object.put("immutable", configMap.varint() != 0);
                default -> configMap.skip();
            }
        }
    }

    private static void deleteOptions(Reader options, ObjectNode object) {
        while (options.more()) {
            switch (options.tag()) {
                case 1 -> object.put("gracePeriodSeconds", options.varint());
                case 3 -> object.put("orphanDependents", options.varint() != 0);
                case 4 -> object.put("propagationPolicy", options.string());
                case 5 -> object.withArrayProperty("dryRun").add(options.string());
                default -> options.skip();
            }
        }
    }

    private static ObjectNode metadata(Reader meta) {
        ObjectNode metadata = NODES.objectNode();
        while (meta.more()) {
            switch (meta.tag()) {
                case 1 -> metadata.put("name", meta.string());
                case 2 -> metadata.put("generateName", meta.string());
                case 3 -> metadata.put("namespace", meta.string());
                case 6 -> metadata.put("resourceVersion", meta.string());
                case 7 -> metadata.put("generation", meta.varint());
                case 11 -> {
                    String[] entry = entry(meta.message(), false);
                    metadata.withObjectProperty("labels").put(entry[0], entry[1]);
                }
                case 12 -> {
                    String[] entry = entry(meta.message(), false);
                    metadata.withObjectProperty("annotations").put(entry[0], entry[1]);
                }
                case 14 -> metadata.withArrayProperty("finalizers").add(meta.string());
                default -> meta.skip();
            }
        }
        return metadata;
    }

    /** A map entry (key 1, value 2); a bytes value as JSON carries it, in base64. */
    private static String[] entry(Reader entry, boolean bytesValue) {
        String key = "";
        String value = "";
        while (entry.more()) {
            int field = entry.tag();
            if (field == 1) {
                key = entry.string();
            } else if (field == 2) {
                byte[] bytes = entry.bytes();
                value = bytesValue ? Base64.getEncoder().encodeToString(bytes) : new String(bytes, StandardCharsets.UTF_8);
            } else {
                entry.skip();
            }
        }
        return new String[] {key, value};
    }

    /** Protocol buffers' wire format: varints and length-delimited fields, which these messages are made of. */
    private static final class Reader {
        private final byte[] buffer;
        private int position;
        private int wireType;

        Reader(byte[] buffer) {
            this.buffer = buffer;
        }

        boolean more() {
            return position < buffer.length;
        }

        /** The next field's number; its wire type is kept for {@link #skip()}. */
        int tag() {
            long tag = varint();
            wireType = (int) (tag & 7);
            return (int) (tag >>> 3);
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= buffer.length) {
                    throw new IllegalArgumentException("protobuf body cut short in a varint");
                }
                byte b = buffer[position++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("protobuf body has a varint longer than 10 bytes");
        }

        byte[] bytes() {
            int length = (int) varint();
            if (length < 0 || position + length > buffer.length) {
                throw new IllegalArgumentException("protobuf body cut short in a field of " + length + " bytes");
            }
            byte[] bytes = Arrays.copyOfRange(buffer, position, position + length);
            position += length;
            return bytes;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        Reader message() {
            return new Reader(bytes());
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> position += 8;
                case 2 -> bytes();
                case 5 -> position += 4;
                default -> throw new IllegalArgumentException("protobuf body has a field of wire type " + wireType);
            }
        }
    }
}
