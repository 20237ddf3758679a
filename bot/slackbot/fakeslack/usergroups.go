package fakeslack

import "slices"

// ---- usergroups.users.list: who is in a user group ----

// AddUserGroup adds (or replaces) a user group (Slack's "subteam", id S…)
// with its members, in order. Unknown member ids are added as users named
// after their id, so the bot can open DMs with them.
func (s *Server) AddUserGroup(id string, members ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := []string{}
	for _, m := range members {
		if m != "" && !slices.Contains(list, m) {
			s.ensureUserLocked(m)
			list = append(list, m)
		}
	}
	s.groups[id] = list
}

// usergroupsUsersList answers usergroups.users.list as Slack does:
// {"ok":true,"users":["U…",…]} for a known group (an empty list when it has
// no members), no_such_subteam for an unknown id, invalid_arguments when
// usergroup is missing. Not modelled: disabled groups (include_disabled) and
// team_id.
func (s *Server) usergroupsUsersList(rq *request) result {
	id := rq.str("usergroup")
	if id == "" {
		return errRes("invalid_arguments")
	}
	members, ok := s.groups[id]
	if !ok {
		return errRes("no_such_subteam")
	}
	return okRes(map[string]any{"users": slices.Clone(members)})
}
