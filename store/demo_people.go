package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
)

// The demo contact centre (docs/demo.md): five departments, a head of customer service
// (`leader`) and one head per department, 24 teams of 9–11 people under a team lead, and
// the five fixed sign-ins. Everything is generated from a fixed seed, with dates relative
// to the store's clock, so the same day gives the same organisation.

// demoSeed fixes the demo organisation: change it and every name and date changes.
const demoSeed = 20261123

// demoEmailDomain is the mail domain of demo addresses (reserved, never delivers).
const demoEmailDomain = "demo.lodestar.example"

// demoDept describes one department: its head's title, its teams, and the titles in it.
type demoDept struct {
	name      string
	headTitle string
	teams     []demoTeam
}

type demoTeam struct {
	name        string
	leadTitle   string
	staffTitles []string // the first is the common one; later ones are rarer (senior, specialist)
}

func demoDepartments() []demoDept {
	voice := func(n int) demoTeam {
		return demoTeam{fmt.Sprintf("Voice Team %d", n), "Team Lead", []string{"Customer Service Agent", "Customer Service Agent", "Customer Service Agent", "Senior Customer Service Agent"}}
	}
	chat := func(n int) demoTeam {
		return demoTeam{fmt.Sprintf("Chat Team %d", n), "Team Lead", []string{"Chat Agent", "Chat Agent", "Chat Agent", "Senior Chat Agent"}}
	}
	email := func(n int) demoTeam {
		return demoTeam{fmt.Sprintf("Email Team %d", n), "Team Lead", []string{"Email Support Agent", "Email Support Agent", "Senior Email Support Agent"}}
	}
	return []demoDept{
		{"Inbound Voice", "Head of Inbound Voice", []demoTeam{voice(1), voice(2), voice(3), voice(4), voice(5), voice(6), voice(7), voice(8), voice(9)}},
		{"Chat & Email", "Head of Chat & Email", []demoTeam{chat(1), chat(2), chat(3), chat(4), email(1), email(2), email(3)}},
		{"Complaints & Service Recovery", "Head of Complaints & Service Recovery", []demoTeam{
			{"Complaints Team 1", "Complaints Team Lead", []string{"Complaints Handler", "Complaints Handler", "Senior Complaints Handler"}},
			{"Complaints Team 2", "Complaints Team Lead", []string{"Complaints Handler", "Complaints Handler", "Senior Complaints Handler"}},
			{"Service Recovery Team 1", "Service Recovery Lead", []string{"Service Recovery Specialist", "Service Recovery Specialist", "Customer Advocate"}},
			{"Service Recovery Team 2", "Service Recovery Lead", []string{"Service Recovery Specialist", "Service Recovery Specialist", "Customer Advocate"}},
		}},
		{"Quality Assurance", "Head of Quality Assurance", []demoTeam{
			{"QA Team 1", "QA Team Lead", []string{"Quality Analyst", "Quality Analyst", "Senior Quality Analyst", "Customer Insight Analyst"}},
			{"QA Team 2", "QA Team Lead", []string{"Quality Analyst", "Quality Analyst", "Senior Quality Analyst", "Coaching Specialist"}},
		}},
		{"Workforce Management", "Head of Workforce Management", []demoTeam{
			{"Planning", "Planning Manager", []string{"Workforce Planner", "Scheduling Analyst", "Forecasting Analyst"}},
			{"Real-Time", "Real-Time Manager", []string{"Real-Time Analyst", "Real-Time Analyst", "Reporting Analyst"}},
		}},
	}
}

// demoNames holds the name parts: surnames and given names with their pinyin (for e-mail
// addresses), and English first and last names.
type demoNames struct {
	surnames, given [][2]string
	first, last     []string
}

func demoNameParts() demoNames {
	return demoNames{
		surnames: [][2]string{
			{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"}, {"黄", "huang"},
			{"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"}, {"马", "ma"}, {"朱", "zhu"},
			{"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"高", "gao"}, {"林", "lin"}, {"罗", "luo"}, {"郑", "zheng"},
			{"梁", "liang"}, {"谢", "xie"}, {"宋", "song"}, {"唐", "tang"}, {"许", "xu"}, {"韩", "han"}, {"冯", "feng"},
			{"邓", "deng"}, {"曹", "cao"}, {"彭", "peng"}, {"曾", "zeng"}, {"肖", "xiao"}, {"田", "tian"}, {"董", "dong"},
			{"袁", "yuan"}, {"潘", "pan"}, {"蒋", "jiang"}, {"蔡", "cai"}, {"余", "yu"}, {"杜", "du"}, {"叶", "ye"},
			{"程", "cheng"}, {"苏", "su"}, {"魏", "wei"}, {"吕", "lyu"}, {"丁", "ding"}, {"沈", "shen"}, {"姚", "yao"},
			{"卢", "lu"}, {"钟", "zhong"}, {"谭", "tan"}, {"陆", "lu"}, {"范", "fan"}, {"金", "jin"}, {"石", "shi"},
			{"廖", "liao"}, {"贾", "jia"}, {"夏", "xia"}, {"方", "fang"}, {"白", "bai"}, {"邹", "zou"}, {"孟", "meng"},
			{"熊", "xiong"}, {"秦", "qin"}, {"江", "jiang"}, {"顾", "gu"}, {"欧阳", "ouyang"}, {"司马", "sima"},
		},
		given: [][2]string{
			{"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"}, {"强", "qiang"},
			{"磊", "lei"}, {"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"}, {"杰", "jie"}, {"涛", "tao"},
			{"明", "ming"}, {"超", "chao"}, {"霞", "xia"}, {"平", "ping"}, {"刚", "gang"}, {"鹏", "peng"}, {"辉", "hui"},
			{"玲", "ling"}, {"颖", "ying"}, {"琳", "lin"}, {"晨", "chen"}, {"宁", "ning"}, {"凯", "kai"}, {"倩", "qian"},
			{"雪", "xue"}, {"慧", "hui"}, {"秀英", "xiuying"}, {"桂英", "guiying"}, {"晓东", "xiaodong"}, {"子涵", "zihan"},
			{"欣怡", "xinyi"}, {"浩然", "haoran"}, {"梓萱", "zixuan"}, {"思远", "siyuan"}, {"雨桐", "yutong"},
			{"嘉怡", "jiayi"}, {"俊杰", "junjie"}, {"宇轩", "yuxuan"}, {"诗涵", "shihan"}, {"文博", "wenbo"},
			{"佳琪", "jiaqi"}, {"志强", "zhiqiang"}, {"建华", "jianhua"}, {"海燕", "haiyan"}, {"晓燕", "xiaoyan"},
			{"婷婷", "tingting"}, {"丹丹", "dandan"}, {"一鸣", "yiming"}, {"梦瑶", "mengyao"}, {"天佑", "tianyou"},
			{"家豪", "jiahao"}, {"雅琴", "yaqin"}, {"立新", "lixin"}, {"春梅", "chunmei"}, {"国栋", "guodong"},
			{"美玲", "meiling"}, {"振宇", "zhenyu"}, {"若曦", "ruoxi"}, {"博文", "bowen"}, {"可欣", "kexin"},
		},
		first: []string{
			"Emily", "James", "Olivia", "Daniel", "Sophie", "Michael", "Grace", "Thomas", "Chloe", "David",
			"Hannah", "Ryan", "Jessica", "Ben", "Laura", "Kevin", "Amy", "Jason", "Rachel", "Mark",
			"Priya", "Arjun", "Fatima", "Omar", "Lucas", "Mia", "Noah", "Ella", "Samuel", "Zoe",
			"Aisha", "Marco", "Nina", "Peter", "Rosa", "Tom", "Vivian", "Eric", "Karen", "Leo",
		},
		last: []string{
			"Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Johnson", "Roberts",
			"Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood",
			"Patel", "Khan", "Singh", "Ali", "Chen", "Wong", "Lee", "Ng", "Tan", "Lim",
			"Martin", "Clarke", "Jackson", "Harris", "Lewis", "Young", "King", "Baker", "Murphy", "O'Brien",
		},
	}
}

// demoOrg builds the people one at a time, keeping names and e-mails unique.
type demoOrg struct {
	rng    *rand.Rand
	parts  demoNames
	next   int
	names  map[string]bool
	emails map[string]bool
	people []PersonInput
}

// newPerson returns a new person with a fresh employee ID and name; withEmail gives them an address.
func (o *demoOrg) newPerson(withEmail bool) PersonInput {
	o.next++
	p := PersonInput{EmployeeID: fmt.Sprintf("E%05d", 10000+o.next)}
	var local string
	for {
		if o.rng.IntN(100) < 65 {
			sn := o.parts.surnames[o.rng.IntN(len(o.parts.surnames))]
			gn := o.parts.given[o.rng.IntN(len(o.parts.given))]
			p.Name = sn[0] + gn[0]
			local = gn[1] + "." + sn[1]
			if o.rng.IntN(100) < 35 {
				p.Language = "zh"
			}
		} else {
			first := o.parts.first[o.rng.IntN(len(o.parts.first))]
			last := o.parts.last[o.rng.IntN(len(o.parts.last))]
			p.Name = first + " " + last
			local = strings.ToLower(first + "." + strings.ReplaceAll(last, "'", ""))
			p.Language = ""
		}
		if !o.names[p.Name] {
			break
		}
	}
	o.names[p.Name] = true
	if withEmail {
		addr := local + "@" + demoEmailDomain
		for n := 2; o.emails[addr]; n++ {
			addr = fmt.Sprintf("%s%d@%s", local, n, demoEmailDomain)
		}
		o.emails[addr] = true
		p.Email = addr
	}
	p.EmploymentType = EmploymentPermanent
	return p
}

// demoPeople writes the demo organisation's people. Every demo person gets hash as password.
func (s *Store) demoPeople(ctx context.Context, tx *sql.Tx, hash string) error {
	today := Day(s.now())
	d := func(daysAgo int) string { return today.AddDate(0, 0, -daysAgo).Format(DateLayout) }
	// The five fixed sign-ins, exactly as the README describes them.
	fixed := []PersonInput{
		{EmployeeID: "admin", Name: "Alex Admin", Title: "Systems Administrator", Department: "Workforce Management", Team: "Planning", Tier: TierMiddleManager, Role: RoleAdmin, EmploymentType: EmploymentPermanent, HiredOn: d(1500)},
		{EmployeeID: "leader", Name: "陈静 Chen Jing", Title: "Head of Customer Service", Department: "Inbound Voice", Team: "Leadership", Tier: TierSeniorLeader, Role: RoleLeader, EmploymentType: EmploymentPermanent, HiredOn: d(1700)},
		{EmployeeID: "manager", Name: "王磊 Wang Lei", Title: "Team Lead", Department: "Inbound Voice", Team: "Voice Team 1", ManagerEmployeeID: "leader", Tier: TierMiddleManager, Role: RoleManager, EmploymentType: EmploymentPermanent, HiredOn: d(1200)},
		{EmployeeID: "agent", Name: "李娜 Li Na", Title: "Customer Service Agent", Department: "Inbound Voice", Team: "Voice Team 1", ManagerEmployeeID: "manager", Tier: TierFrontLine, Role: RoleEmployee, EmploymentType: EmploymentPermanent, HiredOn: d(500)},
		{EmployeeID: "newhire", Name: "Sam Taylor", Title: "Customer Service Agent", Department: "Inbound Voice", Team: "Voice Team 1", ManagerEmployeeID: "manager", Tier: TierFrontLine, Role: RoleEmployee, EmploymentType: EmploymentPermanent, HiredOn: d(10)},
	}
	o := &demoOrg{rng: rand.New(rand.NewPCG(demoSeed, 1)), parts: demoNameParts(), names: map[string]bool{}, emails: map[string]bool{}}
	for _, p := range fixed {
		o.names[p.Name] = true
	}
	people := append([]PersonInput(nil), fixed...)
	var staff []int // indexes (in people) of generated front-line staff: dates and contracts are assigned below

	for _, dept := range demoDepartments() {
		head := o.newPerson(true)
		head.Title, head.Department, head.Team = dept.headTitle, dept.name, "Leadership"
		head.ManagerEmployeeID, head.Tier, head.Role = "leader", TierSeniorLeader, RoleLeader
		head.HiredOn = d(730 + o.rng.IntN(1095))
		people = append(people, head)
		for _, team := range dept.teams {
			lead := "manager"
			size := 8 + o.rng.IntN(3) // front-line staff in the team, besides its lead
			if team.name == "Voice Team 1" {
				size = 8 // plus agent and newhire
			} else {
				m := o.newPerson(true)
				m.Title, m.Department, m.Team = team.leadTitle, dept.name, team.name
				m.ManagerEmployeeID, m.Tier, m.Role = head.EmployeeID, TierMiddleManager, RoleManager
				m.HiredOn = d(365 + o.rng.IntN(1460))
				people = append(people, m)
				lead = m.EmployeeID
			}
			for i := range size {
				p := o.newPerson(o.rng.IntN(100) < 35)
				p.Title = team.staffTitles[0]
				if i > 0 && o.rng.IntN(100) < 25 {
					p.Title = team.staffTitles[1+o.rng.IntN(len(team.staffTitles)-1)]
				}
				p.Department, p.Team, p.ManagerEmployeeID = dept.name, team.name, lead
				p.Tier, p.Role = TierFrontLine, RoleEmployee
				people = append(people, p)
				staff = append(staff, len(people)-1)
			}
		}
	}

	// Hire dates: about 15% of everyone joined in the last 90 days (newhire is one of
	// them), the rest of the front line over five years.
	o.rng.Shuffle(len(staff), func(i, j int) { staff[i], staff[j] = staff[j], staff[i] })
	recent := (len(people)*15+50)/100 - 1
	for k, i := range staff {
		if k < recent {
			people[i].HiredOn = d(1 + o.rng.IntN(89))
		} else {
			people[i].HiredOn = d(90 + o.rng.IntN(1736))
		}
	}
	// About 10% of everyone is temporary or contractor; six people have left.
	o.rng.Shuffle(len(staff), func(i, j int) { staff[i], staff[j] = staff[j], staff[i] })
	nonPermanent := (len(people)*10 + 50) / 100
	for k, i := range staff[:nonPermanent] {
		if k%5 < 3 {
			people[i].EmploymentType = EmploymentTemporary
		} else {
			people[i].EmploymentType = EmploymentContractor
		}
	}
	left := 0
	for _, i := range staff[nonPermanent:] {
		if left == 6 {
			break
		}
		hired, _ := ParseDate(people[i].HiredOn)
		tenure := int(today.Sub(hired).Hours() / 24)
		if tenure < 200 {
			continue
		}
		people[i].LeftOn = d(5 + o.rng.IntN(150))
		left++
	}

	if err := s.validatePeople(ctx, tx, people, 1); err != nil {
		return fmt.Errorf("store: demo people: %w", err)
	}
	if _, err := s.writePeople(ctx, tx, people); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "UPDATE people SET password_hash = ?", hash)
	return err
}
