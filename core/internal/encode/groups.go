package encode

import (
	"slices"

	"github.com/spanlens/spanlens/core/model"
)

// OTLPGroup is the run of spans sharing one resource and one scope.
type OTLPGroup struct {
	// Res is the resource index, or len(Resources)+n for the n-th service
	// seen on spans without a resource; scope is the scope index, or
	// len(Scopes) for none.
	Res, Scope int
	Service    string // for a span without a resource
	First      int    // the group's run in the order slice
	Count      int
}

// OTLPGroups returns the groups in output order and the span indices
// arranged group by group, in batch order within each (a counting sort).
// The output order is that of first appearance, resource by resource.
func OTLPGroups(b *model.Batch) ([]OTLPGroup, []int32) {
	nres, nscope := len(b.Resources), len(b.Scopes)
	type key struct{ res, scope int }
	index := map[key]int{}
	services := map[string]int{}
	var groups []OTLPGroup
	gid := make([]int32, len(b.Spans))
	last, lastID := key{-1, -1}, -1
	for i := range b.Spans {
		sp := &b.Spans[i]
		k := key{int(sp.Resource), int(sp.Scope)}
		if k.res < 0 || k.res >= nres {
			n, ok := services[sp.Service]
			if !ok {
				n = len(services)
				services[sp.Service] = n
			}
			k.res = nres + n
		}
		if k.scope < 0 || k.scope >= nscope {
			k.scope = nscope
		}
		if k != last {
			id, ok := index[k]
			if !ok {
				id = len(groups)
				index[k] = id
				groups = append(groups, OTLPGroup{Res: k.res, Scope: k.scope, Service: sp.Service})
			}
			last, lastID = k, id
		}
		groups[lastID].Count++
		gid[i] = int32(lastID)
	}
	// Sort the groups (in order of first appearance) by the first
	// appearance of their resource, then place each span at its group's
	// next slot.
	resRank := map[int]int{}
	for _, g := range groups {
		if _, ok := resRank[g.Res]; !ok {
			resRank[g.Res] = len(resRank)
		}
	}
	sorted := slices.Clone(groups)
	slices.SortStableFunc(sorted, func(x, y OTLPGroup) int { return resRank[x.Res] - resRank[y.Res] })
	rank := make(map[key]int, len(sorted))
	next := 0
	for i := range sorted {
		sorted[i].First = next
		next += sorted[i].Count
		rank[key{sorted[i].Res, sorted[i].Scope}] = i
	}
	slot := make([]int, len(groups))
	for id, g := range groups {
		slot[id] = sorted[rank[key{g.Res, g.Scope}]].First
	}
	order := make([]int32, len(b.Spans))
	for i, id := range gid {
		order[slot[id]] = int32(i)
		slot[id]++
	}
	return sorted, order
}
