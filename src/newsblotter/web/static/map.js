// The incident map: a Natural Earth country basemap (shipped with the package, no tile
// server) and one circle per incident from the GeoJSON export of the current filters.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L || !window.topojson) { return; }
  var map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 10 }).setView([25, 30], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · world-atlas · Leaflet");

  function popup(props) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/incidents/" + encodeURIComponent(props.id);
    link.textContent = (props.date || "undated") + " " + String(props.type).replace(/_/g, " ");
    box.appendChild(link);
    var lines = [props.place, props.killed !== "" && props.killed != null ? "killed " + props.killed : "",
                 props.actor ? props.actor + ": " + String(props.assessment).replace(/_/g, " ") : ""];
    lines.forEach(function (text) {
      if (!text) { return; }
      var p = document.createElement("div");
      p.textContent = text;
      box.appendChild(p);
    });
    return box;
  }

  fetch(el.dataset.basemap)
    .then(function (r) { return r.json(); })
    .then(function (topo) {
      var land = topojson.feature(topo, topo.objects.countries);
      // Antarctica crosses the antimeridian and would draw as a band along the map's edge.
      land.features = land.features.filter(function (f) { return f.id !== "010"; });
      L.geoJSON(land, {
        interactive: false,
        style: { color: "#8d8f94", weight: 0.6, fillColor: "#f3efe4", fillOpacity: 1 }
      }).addTo(map);
      return fetch(el.dataset.src);
    })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var killed = Number(feature.properties.killed) || 0;
          return L.circleMarker(latlng, {
            radius: 5 + Math.min(14, Math.sqrt(killed)),
            color: "#6d0f0f", weight: 1, fillColor: "#c0392b", fillOpacity: 0.7,
            className: "incident-marker"
          });
        },
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
      }).addTo(map);
      if (data.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 5, padding: [40, 40] }); }
      el.dataset.markers = String(data.features.length);
      el.classList.add("ready");
    })
    .catch(function (err) {
      el.dataset.error = String(err);
      el.classList.add("failed");
    });
})();
