package io.qsredis.renderer.model;

/** One key of a Secret in the resource's namespace; the renderer only ever knows where a secret is, never its value. */
public record SecretKeyRef(String name, String key) {}
