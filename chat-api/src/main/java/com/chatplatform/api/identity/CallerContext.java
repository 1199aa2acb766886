package com.chatplatform.api.identity;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the current REST request; set once by {@link AuthFilter}. */
@RequestScoped
public class CallerContext {
    private Caller caller;

    void set(Caller caller) {
        if (this.caller != null) {
            throw new IllegalStateException("The caller of a request is set once");
        }
        this.caller = caller;
    }

    /** The caller, or empty for a public call (or before authentication). */
    public java.util.Optional<Caller> current() {
        return java.util.Optional.ofNullable(caller);
    }

    public Caller get() {
        if (caller == null) {
            throw new ApiException(ErrorCode.AUTH_REQUIRED);
        }
        return caller;
    }
}
