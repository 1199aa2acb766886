package com.chatplatform.api.identity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * States who may call a REST resource method (or all methods of a class). Enforced by
 * {@link AuthFilter} before the method runs; a method without it is public (login only).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Access {
    /** End users with a user token. */
    boolean user() default false;

    /** Tenant backends with an API key. */
    boolean apiKey() default false;

    /** Console roles allowed, e.g. "platform-admin". */
    String[] roles() default {};
}
