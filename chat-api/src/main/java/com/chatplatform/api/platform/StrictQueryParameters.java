package com.chatplatform.api.platform;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads the typed query parameters (whole numbers, booleans, ids) and refuses a value that is not one with
 * {@code request.invalid}, naming the parameter. Without it JAX-RS answers {@code ?limit=abc} with 404 (the
 * specification's answer for a query parameter that does not convert, which our mapper turned into
 * {@code resource.not_found}), and reads {@code ?mentionsMe=yes} as false. ADR 0019.
 */
@Provider
public class StrictQueryParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = null;
        for (Annotation a : annotations) {
            if (a instanceof QueryParam q) {
                name = q.value();
            }
        }
        if (name == null) {
            return null;
        }
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) converter(name, JsonShape.wholeNumberFrom(Integer.MIN_VALUE, Integer.MAX_VALUE), Integer::valueOf);
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) converter(name, JsonShape.wholeNumberFrom(Long.MIN_VALUE, Long.MAX_VALUE), Long::valueOf);
        }
        if (rawType == Boolean.class || rawType == boolean.class) {
            return (ParamConverter<T>) converter(name, "true or false", StrictQueryParameters::bool);
        }
        if (rawType == UUID.class) {
            return (ParamConverter<T>) converter(name, "an id", UUID::fromString);
        }
        return null;
    }

    private static Boolean bool(String value) {
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static <V> ParamConverter<V> converter(String name, String what, Function<String, V> parse) {
        return new ParamConverter<>() {
            @Override
            public V fromString(String value) {
                if (value == null) {
                    return null;
                }
                try {
                    return parse.apply(value);
                } catch (IllegalArgumentException e) {
                    throw ApiException.invalid("Query parameter \"" + name + "\" must be " + what + ".");
                }
            }

            @Override
            public String toString(V value) {
                return String.valueOf(value);
            }
        };
    }
}
