"""What a worked solution says, in no syntax at all.

* :mod:`.words`: every phrase and label, in the notation it is written in;
* :mod:`.formula`: the by-hand formulas of a row of cells (one path for one cell and many);
* :mod:`.cells`: what each output cell's section says;
* :mod:`.blocks` and :mod:`.outline`: the sections in order, as blocks every renderer writes.
"""
