package config

// The daemon renders times in the configured zone in customer mail; embed the zone database so
// timezone validation and Location do not depend on the host having /usr/share/zoneinfo
// (minimal containers do not).
import _ "time/tzdata"
