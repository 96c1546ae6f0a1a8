package io.qsredis.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A key of an existing Secret in the CR's namespace that holds a password. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExistingPasswordSecret {
    public String name;
    public String key;
}
