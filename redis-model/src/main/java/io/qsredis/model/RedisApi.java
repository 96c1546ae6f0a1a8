package io.qsredis.model;

/** The API group and version this operator serves, identical to the OT-CONTAINER-KIT operator's. */
public final class RedisApi {
    public static final String GROUP = "redis.redis.opstreelabs.in";
    public static final String VERSION = "v1beta2";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    private RedisApi() {}

    /** The classpath resource of the CRD that the build generates for {@code plural} (fabric8's crd-generator). */
    public static String generatedCrdResource(String plural) {
        return "/META-INF/fabric8/" + plural + "." + GROUP + "-v1.yml";
    }
}
