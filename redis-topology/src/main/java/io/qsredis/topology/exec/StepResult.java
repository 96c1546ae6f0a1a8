package io.qsredis.topology.exec;

/**
 * What came of one step. {@code WAITING}: a precondition that Redis reaches on its own (gossip, a
 * failover) is not met yet, nothing was changed, run the step again later. {@code FAILED}: the step could
 * not be done; plan again from a fresh observation.
 */
public record StepResult(Status status, String detail, int slotsMoved, long keysMoved) {

    public enum Status {
        DONE,
        WAITING,
        FAILED
    }

    public static StepResult done() {
        return new StepResult(Status.DONE, "", 0, 0);
    }

    public static StepResult moved(int slots, long keys) {
        return new StepResult(Status.DONE, "", slots, keys);
    }

    public static StepResult waiting(String reason) {
        return new StepResult(Status.WAITING, reason, 0, 0);
    }

    public static StepResult failed(String reason) {
        return new StepResult(Status.FAILED, reason, 0, 0);
    }

    public boolean isDone() {
        return status == Status.DONE;
    }
}
