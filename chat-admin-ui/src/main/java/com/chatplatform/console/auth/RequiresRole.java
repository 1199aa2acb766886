package com.chatplatform.console.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A view that only some roles may open (see {@link com.chatplatform.client.admin.Account} for the role
 * names). Others see {@link NotAllowedView}. The console only hides what the API would refuse anyway: the
 * API checks every call itself.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RequiresRole {
    String[] value();
}
