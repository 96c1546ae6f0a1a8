package io.qsredis.testbed;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request target of the testbed's API server, read the way a real API server routes it: the discovery
 * documents, or a collection, an object or a subresource of one served resource. Anything else is refused
 * with the reason, before the CRUD store sees it: the store reads a path it does not understand as "every
 * object", so a {@code DELETE //api/v1/namespaces/default/pods/p} would delete them all.
 *
 * @param shape what the path names
 * @param group the API group ({@code ""} for the core group); null for {@code /version}, {@code /api}, {@code /apis}
 * @param namespace the namespace of a namespaced path; else null
 * @param plural the resource of a collection, object or subresource path; else null
 * @param name the object's name; else null
 * @param subresource the subresource ({@code status}, {@code log}...); else null
 * @param query the query parameters, decoded (the last value of a repeated one)
 */
record ApiPath(
        Shape shape,
        String group,
        String version,
        String namespace,
        String plural,
        String name,
        String subresource,
        Map<String, String> query) {

    /** What a path names. */
    enum Shape { VERSION, OPENAPI_V2, CORE_VERSIONS, GROUP_LIST, GROUP, RESOURCE_LIST, COLLECTION, OBJECT, SUBRESOURCE }

    /** The outcome of reading a request target: a path, or why it is refused and with which HTTP code. */
    sealed interface Parsed permits Route, Refusal {}

    record Route(ApiPath path) implements Parsed {}

    record Refusal(int code, String message) implements Parsed {}

    ApiPath {
        query = Map.copyOf(query);
    }

    /** Reads {@code target} (path and query, as the request line carries it); unknown resources are refused. */
    static Parsed parse(String target, ServedResources served) {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Map<String, String> query = query(question < 0 ? "" : target.substring(question + 1));
        if (!path.startsWith("/")) {
            return notFound(path, "it is not absolute");
        }
        List<String> segments = Arrays.asList(path.substring(1).split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return notFound(path, "it has an empty, '.' or '..' segment");
            }
        }
        String root = segments.get(0);
        if (root.equals("version") && segments.size() == 1) {
            return new Route(new ApiPath(Shape.VERSION, null, null, null, null, null, null, query));
        }
        if (path.equals("/openapi/v2")) {
            return new Route(new ApiPath(Shape.OPENAPI_V2, null, null, null, null, null, null, query));
        }
        if (root.equals("api")) {
            if (segments.size() == 1) {
                return new Route(new ApiPath(Shape.CORE_VERSIONS, null, null, null, null, null, null, query));
            }
            return resourcePath(path, "", segments.get(1), segments.subList(2, segments.size()), query, served);
        }
        if (root.equals("apis")) {
            if (segments.size() == 1) {
                return new Route(new ApiPath(Shape.GROUP_LIST, null, null, null, null, null, null, query));
            }
            String group = segments.get(1);
            if (!served.groups().containsKey(group)) {
                return notFound(path, "the server does not serve the group " + group);
            }
            if (segments.size() == 2) {
                return new Route(new ApiPath(Shape.GROUP, group, null, null, null, null, null, query));
            }
            return resourcePath(path, group, segments.get(2), segments.subList(3, segments.size()), query, served);
        }
        return notFound(path, "the server serves no such path");
    }

    /** {@code rest} follows {@code /api/<version>} or {@code /apis/<group>/<version>}. */
    private static Parsed resourcePath(String path, String group, String version, List<String> rest,
            Map<String, String> query, ServedResources served) {
        if (served.inGroupVersion(group, version).isEmpty()) {
            return notFound(path, "the server does not serve " + (group.isEmpty() ? version : group + "/" + version));
        }
        if (rest.isEmpty()) {
            return new Route(new ApiPath(Shape.RESOURCE_LIST, group, version, null, null, null, null, query));
        }
        String namespace = null;
        List<String> segments = rest;
        if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
            namespace = rest.get(1);
            segments = rest.subList(2, rest.size());
        }
        if (segments.size() > 3) {
            return notFound(path, "it is longer than a subresource path");
        }
        String plural = segments.get(0);
        ServedResource resource = served.find(group, version, plural).orElse(null);
        if (resource == null) {
            return notFound(path, "the server does not serve the resource " + plural
                    + (group.isEmpty() ? "" : "." + group));
        }
        String name = segments.size() > 1 ? segments.get(1) : null;
        String subresource = segments.size() > 2 ? segments.get(2) : null;
        if (namespace != null && !resource.namespaced()) {
            return notFound(path, plural + " are not namespaced");
        }
        if (namespace == null && name != null && resource.namespaced()) {
            return notFound(path, plural + " are namespaced: name the namespace");
        }
        if (subresource != null && !resource.subresources().contains(subresource)) {
            return notFound(path, "the server serves no subresource " + subresource + " of " + plural);
        }
        Shape shape = subresource != null ? Shape.SUBRESOURCE : name != null ? Shape.OBJECT : Shape.COLLECTION;
        return new Route(new ApiPath(shape, group, version, namespace, plural, name, subresource, query));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static Refusal notFound(String path, String why) {
        return new Refusal(404, "the server could not find the requested resource " + path + ": " + why);
    }

    /** Whether this asks for a watch ({@code ?watch=true} or {@code ?watch=1}). */
    boolean isWatch() {
        String watch = query.get("watch");
        return "true".equals(watch) || "1".equals(watch);
    }
}
