package io.qsredis.it.bench;

/** What befalls a master in a failover trial. */
enum Fault {
    /** SIGKILL to its redis-server: a crash or an OOM kill. */
    CRASH("master crash (SIGKILL)"),
    /** SIGSTOP to its redis-server, SIGCONT once another node took over (or the trial gave up): a hung process or host. */
    HANG("hung master (SIGSTOP)"),
    /** Its pod deleted through the API; where there are no pods, SIGTERM to the process, which is what the kubelet sends. */
    DELETE("master pod deleted");

    final String label;

    Fault(String label) {
        this.label = label;
    }
}
