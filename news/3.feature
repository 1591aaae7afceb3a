A citizen's application moves online from the village station through township and county to its
result: the station's online form creates the case, the document camera captures the originals, a
DCWorkflow routes it by the item's tiers with return for correction and reasons, deadlines count working
days on the official holiday calendar and stop while a case is returned, staff have worklists, citizens
follow their case at @@track / @track, and other systems submit through @applications.
