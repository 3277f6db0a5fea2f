package types

import "ringpg/pgerr"

func pgerrCode(err error) string {
	if err == nil {
		return ""
	}
	return pgerr.From(err).Code
}

func pgerrFrom(err error) *pgerr.Error { return pgerr.From(err) }
