package com.accounthealth.leaderweb.infrastructure;

/**
 * One call to a service through the generated client, with its refusals and failures as unchecked exceptions the
 * workspace maps to pages ({@code ApiAnswers}): the generated APIs throw a checked ApiException of their own per
 * service.
 */
public final class ServiceCall {

    /** A call of the generated client. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws Exception;
    }

    /** The service answered with an error status; its problem document as it came. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String body;

        Refused(int status, String body, Exception cause) {
            super("The service answered " + status, cause);
            this.status = status;
            this.body = body == null ? "" : body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    /** The service could not be reached, or its answer could not be read. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private ServiceCall() {
    }

    public static <T> T answer(Call<T> call) {
        try {
            return call.call();
        } catch (com.accounthealth.client.account.invoker.ApiException e) {
            throw failure(e.getCode(), e.getResponseBody(), e);
        } catch (com.accounthealth.client.opportunity.invoker.ApiException e) {
            throw failure(e.getCode(), e.getResponseBody(), e);
        } catch (com.accounthealth.client.healthscore.invoker.ApiException e) {
            throw failure(e.getCode(), e.getResponseBody(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Unreachable(e);
        }
    }

    /** A call that answers nothing (204). */
    public static void run(Call<?> call) {
        answer(call);
    }

    // The generated client reports an I/O failure as an ApiException with code 0.
    private static RuntimeException failure(int status, String body, Exception e) {
        return status == 0 ? new Unreachable(e) : new Refused(status, body, e);
    }
}
