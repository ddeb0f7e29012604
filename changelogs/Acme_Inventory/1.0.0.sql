-- liquibase formatted sql

-- changeset acme:inventory-1.0.0-create-inventory-source-table
CREATE TABLE inventory_source (
    source_code VARCHAR(255) NOT NULL,
    name VARCHAR(255) NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (source_code)
);
-- rollback DROP TABLE inventory_source;

-- changeset acme:inventory-1.0.0-create-inventory-stock-item-table
CREATE TABLE inventory_stock_item (
    item_id INT NOT NULL AUTO_INCREMENT,
    product_id INT NOT NULL,
    source_code VARCHAR(255) NOT NULL,
    qty DECIMAL(12,4) NOT NULL DEFAULT 0,
    is_in_stock BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (item_id),
    CONSTRAINT UNQ_INVENTORY_STOCK_ITEM_PRODUCT_ID_SOURCE_CODE UNIQUE (product_id, source_code),
    CONSTRAINT FK_INV_STOCK_ITEM_PRD_ID_CAT_PRD_ENTT_ID FOREIGN KEY (product_id)
        REFERENCES catalog_product (entity_id) ON DELETE CASCADE,
    CONSTRAINT FK_INV_STOCK_ITEM_SRC_CODE_INV_SRC_SRC_CODE FOREIGN KEY (source_code)
        REFERENCES inventory_source (source_code) ON DELETE CASCADE
);
-- rollback DROP TABLE inventory_stock_item;

-- changeset acme:inventory-1.0.0-insert-default-source
INSERT INTO inventory_source (source_code, name, enabled) VALUES ('default', 'Default Source', TRUE);
-- rollback DELETE FROM inventory_source WHERE source_code = 'default';
