package io.qsredis.topology.cluster;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** An inclusive range of hash slots, {@code first..last}, as Redis writes it ({@code 0-5460} or {@code 7}). */
public record SlotRange(int first, int last) {

    /** Number of hash slots in a Redis Cluster. */
    public static final int SLOTS = 16384;

    public SlotRange {
        if (first < 0 || last >= SLOTS || first > last) {
            throw new IllegalArgumentException("invalid slot range " + first + "-" + last);
        }
    }

    public static SlotRange of(int slot) {
        return new SlotRange(slot, slot);
    }

    public int size() {
        return last - first + 1;
    }

    /** The contiguous ranges of the set bits, in ascending order. */
    public static List<SlotRange> rangesOf(BitSet slots) {
        List<SlotRange> ranges = new ArrayList<>();
        int start = slots.nextSetBit(0);
        while (start >= 0 && start < SLOTS) {
            int end = slots.nextClearBit(start) - 1;
            ranges.add(new SlotRange(start, Math.min(end, SLOTS - 1)));
            start = slots.nextSetBit(end + 1);
        }
        return ranges;
    }

    /** The contiguous ranges of an ascending list of slots. */
    public static List<SlotRange> rangesOf(List<Integer> ascendingSlots) {
        BitSet bits = new BitSet(SLOTS);
        ascendingSlots.forEach(bits::set);
        return rangesOf(bits);
    }

    public static BitSet bitsOf(List<SlotRange> ranges) {
        BitSet bits = new BitSet(SLOTS);
        for (SlotRange r : ranges) {
            bits.set(r.first, r.last + 1);
        }
        return bits;
    }

    public static int count(List<SlotRange> ranges) {
        int n = 0;
        for (SlotRange r : ranges) {
            n += r.size();
        }
        return n;
    }

    /** Redis notation of a list of ranges: {@code 0-5460 5462}. */
    public static String format(List<SlotRange> ranges) {
        StringBuilder sb = new StringBuilder();
        for (SlotRange r : ranges) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(r);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
