package workflow

// Person is someone the bot knows by an id stable within one workspace (a Slack
// user id, or a console name) and a display name.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// IsZero reports whether p names nobody.
func (p Person) IsZero() bool { return p.ID == "" }

// Display is how the person is shown in replies and reports.
func (p Person) Display() string {
	switch {
	case p.Name != "":
		return "@" + p.Name
	case p.ID != "":
		return "@" + p.ID
	}
	return "—"
}

// Localize lets a Person fill a message placeholder.
func (p Person) Localize(Lang) string { return p.Display() }

// Actor is who issued a command: a workspace (team) and a user in it. Console
// users have Team "console".
type Actor struct {
	Team string `json:"team"`
	User string `json:"user"`
	Name string `json:"name,omitempty"`
}

// ConsoleTeam is the team of every console user.
const ConsoleTeam = "console"

// ConsoleActor is the actor for a console user called name.
func ConsoleActor(name string) Actor { return Actor{Team: ConsoleTeam, User: name, Name: name} }

// Person is the actor as a role holder.
func (a Actor) Person() Person { return Person{ID: a.User, Name: a.Name} }

// String is team:user, e.g. "console:sato" or "T0123:U0456".
func (a Actor) String() string { return a.Team + ":" + a.User }
