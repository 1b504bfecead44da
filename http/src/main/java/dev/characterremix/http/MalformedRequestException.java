package dev.characterremix.http;

/** Thrown when a request body is not JSON at all (400), as opposed to JSON that breaks the schema (422). */
public class MalformedRequestException extends RuntimeException {

    public MalformedRequestException(String message) {
        super(message, null, false, false);
    }
}
