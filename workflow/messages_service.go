package workflow

// serviceMessages holds the service's replies and refusals.
var serviceMessages = Catalog{
	"err.not_found": {En: "No such incident: {ref}. /incident list shows the open ones.", Ja: "インシデント{ref}は見つかりません。/incident list で進行中の一覧を表示できます。"},
}
