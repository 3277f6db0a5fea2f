package catalog

import "ringpg/backend/access/heap"

// Proc is one built-in function for pg_proc, as the function registry
// describes it. Bootstrap takes them from its caller (the server converts
// package funcs' registry), so that this package does not depend on the
// function implementations.
type Proc struct {
	Oid        uint32
	Name       string
	Args       []uint32 // proargtypes
	Result     uint32   // prorettype
	Variadic   uint32   // provariadic, 0 if none
	Defaults   int      // pronargdefaults
	RetSet     bool
	Strict     bool
	Volatility byte     // 'i', 's' or 'v'
	Kind       byte     // 'f', 'a' or 'w'
	OutNames   []string // output column names of a function returning several columns; stored in proargnames
	OutTypes   []uint32 // and their types (proallargtypes, with proargmodes 'i' then 'o')
}

// procRow is p's pg_proc row: internal language (12), owner postgres,
// schema pg_catalog, parallel safe, the name as its C symbol.
func procRow(p *Proc) *row {
	vol := p.Volatility
	if vol == 0 {
		vol = 'v'
	}
	kind := p.Kind
	if kind == 0 {
		kind = 'f'
	}
	rows := float32(0)
	if p.RetSet {
		rows = 1000
	}
	r := newRow(catalogByOid[PgProc]).set("oid", dOid(p.Oid)).set("proname", dName(p.Name)).
		set("pronamespace", dOid(PgCatalogNamespace)).set("proowner", dOid(BootstrapSuperuser)).
		set("prolang", dOid(12)).set("procost", dFloat4(1)).set("prorows", dFloat4(rows)).
		set("provariadic", dOid(p.Variadic)).set("prosupport", dOid(0)).set("prokind", dChar(kind)).
		set("prosecdef", dBool(false)).set("proleakproof", dBool(false)).set("proisstrict", dBool(p.Strict)).
		set("proretset", dBool(p.RetSet)).set("provolatile", dChar(vol)).set("proparallel", dChar('s')).
		set("pronargs", dInt2(int16(len(p.Args)))).set("pronargdefaults", dInt2(int16(p.Defaults))).
		set("prorettype", dOid(p.Result)).set("proargtypes", dOidVector(p.Args)).set("prosrc", dText(p.Name))
	if len(p.OutTypes) > 0 {
		all := append(append([]uint32(nil), p.Args...), p.OutTypes...)
		modes := make([]byte, 0, len(all))
		names := make([]string, 0, len(all))
		for range p.Args {
			modes = append(modes, 'i')
			names = append(names, "")
		}
		for i := range p.OutTypes {
			modes = append(modes, 'o')
			if i < len(p.OutNames) {
				names = append(names, p.OutNames[i])
			} else {
				names = append(names, "")
			}
		}
		r.set("proallargtypes", dOidArray(all)).set("proargmodes", dCharArray(modes)).set("proargnames", dTextArray(names))
	}
	return r
}

// Procs returns the functions called name in pg_proc that snap sees.
func (c *Catalog) Procs(snap heap.Snapshot, name string) ([]Proc, error) {
	var out []Proc
	err := c.scan(snap, PgProc, func(r *crow) (bool, error) {
		if r.name("proname") != name {
			return true, nil
		}
		p := Proc{Oid: r.oid("oid"), Name: name, Args: r.oids("proargtypes"), Result: r.oid("prorettype"),
			Variadic: r.oid("provariadic"), Defaults: int(r.int2("pronargdefaults")), RetSet: r.bool("proretset"),
			Strict: r.bool("proisstrict"), Volatility: r.char("provolatile"), Kind: r.char("prokind")}
		if all := r.oids("proallargtypes"); len(all) > len(p.Args) {
			p.OutTypes = all[len(p.Args):]
			if names := r.texts("proargnames"); len(names) == len(all) {
				p.OutNames = names[len(p.Args):]
			}
		}
		out = append(out, p)
		return true, nil
	})
	return out, err
}
