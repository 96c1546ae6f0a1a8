package io.qsredis.testbed;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One resource the testbed's API server serves: where it lives ({@code group}/{@code version}/{@code plural}),
 * what discovery says of it, and, for a custom resource, the printer columns of its CRD.
 *
 * @param group the API group, {@code ""} for the core group
 * @param subresources the subresources served under each object ({@code status}, {@code log})
 * @param printerColumns the CRD's additional printer columns; empty for a built-in kind
 * @param custom whether a CRD defines it (custom resources take no strategic merge patch)
 */
record ServedResource(
        String group,
        String version,
        String plural,
        String kind,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        List<String> subresources,
        List<CustomResourceColumnDefinition> printerColumns,
        boolean custom) {

    /** The verbs every served resource answers (the CRUD store serves them all alike). */
    static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    ServedResource {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
        printerColumns = List.copyOf(printerColumns);
    }

    /** A built-in kind. */
    static ServedResource builtIn(String groupVersion, String plural, String kind, boolean namespaced,
            List<String> shortNames, List<String> categories, List<String> subresources) {
        int slash = groupVersion.indexOf('/');
        return new ServedResource(
                slash < 0 ? "" : groupVersion.substring(0, slash),
                slash < 0 ? groupVersion : groupVersion.substring(slash + 1),
                plural, kind, namespaced, shortNames, categories, subresources, List.of(), false);
    }

    /** Every served version of {@code crd}, as its CRD names and columns it. */
    static List<ServedResource> of(CustomResourceDefinition crd) {
        CustomResourceDefinitionNames names = crd.getSpec().getNames();
        List<ServedResource> served = new ArrayList<>();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (!Boolean.TRUE.equals(version.getServed())) {
                continue;
            }
            List<String> subresources = new ArrayList<>();
            if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
                subresources.add("status");
            }
            if (version.getSubresources() != null && version.getSubresources().getScale() != null) {
                subresources.add("scale");
            }
            served.add(new ServedResource(
                    crd.getSpec().getGroup(),
                    version.getName(),
                    names.getPlural(),
                    names.getKind(),
                    "Namespaced".equals(crd.getSpec().getScope()),
                    Optional.ofNullable(names.getShortNames()).orElse(List.of()),
                    Optional.ofNullable(names.getCategories()).orElse(List.of()),
                    subresources,
                    Optional.ofNullable(version.getAdditionalPrinterColumns()).orElse(List.of()),
                    true));
        }
        return served;
    }

    /** {@code v1} for the core group, else {@code group/version}. */
    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
