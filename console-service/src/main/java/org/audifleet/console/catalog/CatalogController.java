package org.audifleet.console.catalog;

import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The origins and their streams, for the console's picker. */
@RestController
class CatalogController {

    private final StreamCatalog catalog;

    CatalogController(CatalogProperties properties) {
        this.catalog = new StreamCatalog(properties);
    }

    @GetMapping(value = "/api/streams", produces = MediaType.APPLICATION_JSON_VALUE)
    List<StreamCatalog.Day> streams() {
        return catalog.list();
    }
}
