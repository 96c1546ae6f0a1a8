package io.qsredis.renderer.model;

import java.util.OptionalInt;

/** The PodDisruptionBudget of one StatefulSet: at most one of the two bounds is set by the user. */
public record PdbSettings(OptionalInt minAvailable, OptionalInt maxUnavailable) {}
