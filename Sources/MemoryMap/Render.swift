// The whole view: bar, legend and table.

/// Merges `regions` and renders them as text according to `options`.
/// Lines are joined with "\n"; none is longer than `options.width` visible columns.
public func renderMemoryMap(_ regions: [Region], options: RenderOptions = RenderOptions()) -> String {
    renderMemoryMap(mergeRegions(regions), options: options)
}

/// Renders an already merged map.
public func renderMemoryMap(_ map: MergedMap, options: RenderOptions = RenderOptions()) -> String {
    var sections: [[String]] = []
    if options.showBar { sections.append(renderBar(map, options: options)) }
    if options.showLegend && !map.regions.isEmpty { sections.append(renderLegend(map, options: options)) }
    if options.showTable { sections.append(renderTable(map, options: options)) }
    return sections.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
}
