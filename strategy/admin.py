"""Strategy records are kept through the strategy pages, where the partnership's
rules decide who may change them; none is registered in the admin."""
