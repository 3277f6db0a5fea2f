// Package tuple owns the heap tuple format: the tuple header with 64-bit
// transaction ids, the null bitmap, the attribute data laid out with
// PostgreSQL's alignment rules, and the varlena headers (short, 4-byte,
// compressed, external TOAST pointer). It forms tuples from values and
// deforms them back. It knows nothing of pages, buffers or transactions;
// it imports only pgerr.
//
// # Tuple layout
//
// A tuple is MAXALIGNed wherever it is stored (the page puts items on
// 8-byte boundaries), and all integers are little-endian:
//
//	offset size field
//	     0    8 t_xmin       inserting transaction
//	     8    8 t_xmax       deleting/updating/locking transaction, 0 if none
//	    16    4 t_cid        command id: cmin, or cmax once deleted (below)
//	    20    4 t_ctid.block this version's TID, or its successor's after an update
//	    24    2 t_ctid.off
//	    26    2 t_infomask2  number of attributes (low 11 bits), KEYS_UPDATED, HOT_UPDATED, HEAP_ONLY
//	    28    2 t_infomask   HASNULL, HASVARWIDTH, HASEXTERNAL, hint bits, xmax lock bits, UPDATED
//	    30    1 t_hoff       offset of the data: MAXALIGN(31 + null bitmap)
//	    31    - t_bits       null bitmap, ceil(natts/8) bytes, present only with HASNULL
//	t_hoff    - data         the non-null attributes, each at its alignment
//
// This is PostgreSQL's HeapTupleHeaderData with t_xmin and t_xmax widened
// to 64 bits (DESIGN §5: no wraparound, so no freezing and no epoch) and
// t_ctid's block stored as one uint32 rather than two halves. The fixed part
// is 31 bytes (PostgreSQL's is 23), so a tuple without nulls, or with up to
// 8 attributes and nulls, has t_hoff = 32. The flag bits keep PostgreSQL's
// values (htup_details.h).
//
// Command ids: there is one t_cid and no combo cids yet. While t_xmax is
// invalid or only a lock, t_cid is cmin, the command that inserted the
// version. A delete or update overwrites it with cmax. Only the inserting
// transaction ever looks at cmin, so this loses nothing unless a
// transaction deletes a version it inserted itself; then cmin is gone and
// the transaction layer must treat the version as inserted before its
// current command (wrong only for a cursor opened before the insert, the
// case combo cids exist for). HEAP_COMBOCID is reserved for that.
//
// # Attribute data
//
// Attributes follow PostgreSQL's rules (heap_fill_tuple, att_align_*): a
// fixed-length attribute (Len 1, 2, 4, 8 by value, or any N by reference)
// starts at its alignment ('c' 1, 's' 2, 'i' 4, 'd' 8) with zero padding.
// A varlena (Len -1) is written with a 1-byte header and no alignment when
// it already has one (short or external) or when it is a plain 4-byte
// value short enough to convert and its storage is not 'p'; otherwise it
// is aligned. Padding is always zero, and a 1-byte header is never zero,
// so a reader at an unaligned offset knows a non-zero byte starts a
// 1-byte varlena and a zero byte is padding (att_align_pointer).
//
// Values given to Form and returned by Deform are byte slices: for a
// fixed-length attribute exactly Len bytes (little-endian for by-value
// integers, as in memory on x86-64), for a varlena the whole datum
// including its header, in any of the forms below. Deform returns views
// into the tuple, not copies.
//
// A tuple has the attributes its descriptor had when it was formed
// (t_infomask2's count). One formed before columns were added reads the
// attributes it lacks as their missing values (Desc.WithMissing:
// PostgreSQL's attmissingval, the default ALTER TABLE ADD COLUMN gave the
// rows already stored), or null where there is none; Deform hands out
// the descriptor's bytes for them, shared, so no caller may change a
// value it returns.
//
// # Varlena forms
//
//	first byte  form                 total size
//	xxxxxx00    4-byte header        LE uint32 >> 2 (header included), up to 1 GB
//	xxxxxx10    4-byte, compressed   as above; then 4 bytes: raw size (30 bits) | method << 30
//	xxxxxxx1    1-byte header        byte >> 1 (header included), 2..127 bytes
//	00000001    external (1B_E)      2 + payload of the tag in the second byte
//
// The external tag VarTagOnDisk (18) is followed by a ToastPointer (26
// bytes, so the datum is 28): raw size, stored size and compression
// method, value id, toast relation, and the TID of the value's first chunk
// (see ToastPointer for why a TID rather than an index lookup).
//
// # Errors
//
// Form returns XX000 errors for values that do not match the descriptor
// (a caller bug). Deform and the varlena readers never panic on any input:
// a tuple whose bytes are inconsistent is reported as XX001
// (data_corrupted).
package tuple
