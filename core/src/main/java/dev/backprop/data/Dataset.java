package dev.backprop.data;

/** Examples addressed by index; {@link #batch} gathers some of them, in the order given. */
public interface Dataset {
    int size();

    Batch batch(int[] indices);

    /** Every example, in order, as one batch. */
    default Batch all() {
        int[] indices = new int[size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        return batch(indices);
    }
}
