package funcs

func runAgg(c *Ctx, expr string) []string { return []string{"! TODO"} }
func runWin(c *Ctx, expr string) []string { return []string{"! TODO"} }
func aggSQL(expr string) string           { return "" }
